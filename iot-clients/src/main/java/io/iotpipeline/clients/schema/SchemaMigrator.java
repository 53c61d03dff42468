package io.iotpipeline.clients.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iotpipeline.clients.ClientException;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Retention;
import io.iotpipeline.model.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a keyspace to the newest schema: creates it if missing, then applies, in order, each
 * migration not yet recorded in {@code <keyspace>.schema_migrations}, then sets every table's TTL
 * to its retention tier. Safe to run again and from several processes at once (every statement is
 * idempotent).
 */
public final class SchemaMigrator {

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final String INDEX = "/schema/migrations.txt";

  private final CassandraSettings cassandra;
  private final List<Migration> migrations;

  public SchemaMigrator(CassandraSettings cassandra) {
    this(cassandra, loadBundledMigrations());
  }

  SchemaMigrator(CassandraSettings cassandra, List<Migration> migrations) {
    this.cassandra = cassandra;
    this.migrations =
        migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList();
  }

  public static List<Migration> loadBundledMigrations() {
    List<Migration> loaded = new ArrayList<>();
    for (String fileName : readResource(INDEX).split("\n")) {
      if (!fileName.isBlank() && !fileName.startsWith("#")) {
        loaded.add(Migration.parse(fileName.strip(), readResource("/schema/" + fileName.strip())));
      }
    }
    return loaded;
  }

  public int latestVersion() {
    return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
  }

  /**
   * @return the migrations this call applied (empty when the schema was current)
   */
  public List<Migration> migrate(CqlSession session) {
    String keyspace = cassandra.keyspace();
    execute(
        session,
        "CREATE KEYSPACE IF NOT EXISTS "
            + keyspace
            + " WITH replication = "
            + "{'class': 'NetworkTopologyStrategy', '"
            + cassandra.localDc()
            + "': "
            + cassandra.replicationFactor()
            + "}");
    warnOnReplicationMismatch(session);
    execute(
        session,
        "CREATE TABLE IF NOT EXISTS "
            + Tables.SCHEMA_MIGRATIONS.in(keyspace)
            + " ("
            + "version int PRIMARY KEY, description text, checksum text, applied_at timestamp)");
    Map<Integer, String> applied = new HashMap<>();
    String appliedVersions =
        "SELECT version, checksum FROM " + Tables.SCHEMA_MIGRATIONS.in(keyspace);
    for (Row row : session.execute(appliedVersions)) {
      applied.put(row.getInt("version"), row.getString("checksum"));
    }
    List<Migration> newlyApplied = new ArrayList<>();
    for (Migration migration : migrations) {
      String checksum = applied.get(migration.version());
      if (checksum != null) {
        if (!checksum.equals(migration.checksum())) {
          log.warn(
              "Migration V{} ({}) changed after it was applied to {}; not reapplied",
              migration.version(),
              migration.description(),
              keyspace);
        }
        continue;
      }
      for (String statement : migration.statements(variables())) {
        execute(session, statement);
      }
      session.execute(
          SimpleStatement.newInstance(
              "INSERT INTO "
                  + Tables.SCHEMA_MIGRATIONS.in(keyspace)
                  + " (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)",
              migration.version(),
              migration.description(),
              migration.checksum(),
              Instant.now()));
      newlyApplied.add(migration);
    }
    applyRetention(session);
    return newlyApplied;
  }

  /**
   * Each table's {@code default_time_to_live} follows its retention tier ({@link Retention}), so
   * changing {@code retention.*} needs no migration: every run compares and ALTERs what differs.
   * Rows already written keep the TTL they were written with; the new one applies to later writes.
   */
  private void applyRetention(CqlSession session) {
    Map<String, Integer> current = new HashMap<>();
    for (Row row :
        session.execute(
            SimpleStatement.newInstance(
                "SELECT table_name, default_time_to_live FROM system_schema.tables"
                    + " WHERE keyspace_name = ?",
                cassandra.keyspace()))) {
      current.put(row.getString(0), row.getInt(1));
    }
    cassandra
        .retention()
        .ttlSecondsByTable()
        .forEach(
            (table, wanted) -> {
              Integer now = current.get(table.name());
              if (now != null && now != wanted.longValue()) {
                log.info(
                    "Retention of {} changes from {} s to {} s",
                    table.in(cassandra.keyspace()),
                    now,
                    wanted);
                execute(
                    session,
                    "ALTER TABLE "
                        + table.in(cassandra.keyspace())
                        + " WITH default_time_to_live = "
                        + wanted);
              }
            });
  }

  private Map<String, String> variables() {
    return Map.of(
        "keyspace",
        cassandra.keyspace(),
        "ttl_seconds",
        Long.toString(cassandra.defaultTtl().toSeconds()));
  }

  private void execute(CqlSession session, String cql) {
    try {
      ResultSet result =
          session.execute(SimpleStatement.newInstance(cql).setTimeout(cassandra.ddlTimeout()));
      if (!result.getExecutionInfo().isSchemaInAgreement()) {
        awaitSchemaAgreement(session, cql);
      }
    } catch (RuntimeException e) {
      throw new ClientException(
          "schema statement failed in keyspace "
              + cassandra.keyspace()
              + ": "
              + e.getMessage()
              + "\n  "
              + cql,
          e);
    }
  }

  /**
   * The driver waits {@code cassandra.ddl-timeout} for every node to report the new schema after a
   * change; on a busy cluster that can pass. The next statement may depend on this one (a table in
   * a new keyspace), so wait as long again before giving up with a clear error.
   */
  private void awaitSchemaAgreement(CqlSession session, String cql) {
    long deadline = System.nanoTime() + cassandra.ddlTimeout().toNanos();
    while (!session.checkSchemaAgreement()) {
      if (System.nanoTime() > deadline) {
        throw new ClientException(
            "the Cassandra nodes did not agree on the schema within "
                + cassandra.ddlTimeout().multipliedBy(2).toSeconds()
                + " s after: "
                + cql
                + " (is a node down or overloaded? see nodetool describecluster)");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientException("interrupted while waiting for schema agreement", e);
      }
    }
  }

  /** A keyspace made earlier with fewer replicas than asked for now keeps them: say so. */
  private void warnOnReplicationMismatch(CqlSession session) {
    session
        .getMetadata()
        .getKeyspace(cassandra.keyspace())
        .map(keyspace -> keyspace.getReplication().get(cassandra.localDc()))
        .filter(replicas -> !replicas.equals(Integer.toString(cassandra.replicationFactor())))
        .ifPresent(
            replicas ->
                log.warn(
                    "Keyspace {} has {} replica(s) in {} but cassandra.replication-factor is {}:"
                        + " change it with ALTER KEYSPACE, then run nodetool repair",
                    cassandra.keyspace(),
                    replicas,
                    cassandra.localDc(),
                    cassandra.replicationFactor()));
  }

  private static String readResource(String name) {
    try (InputStream in = SchemaMigrator.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }
}
