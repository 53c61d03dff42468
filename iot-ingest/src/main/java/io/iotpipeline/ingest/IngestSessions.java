package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import io.iotpipeline.clients.ClientException;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Durations;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester's driver session: the common one, writing at LOCAL_QUORUM so "acknowledged" means
 * durable on a majority of replicas when the keyspace has several.
 */
public final class IngestSessions {
  private IngestSessions() {}

  private static final Logger log = LoggerFactory.getLogger(IngestSessions.class);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(2);

  /** A session and what was prepared on it. */
  public record Prepared<T>(CqlSession session, T prepared) {}

  /** Connects, failing at once if Cassandra cannot be reached (the benchmarks' choice). */
  public static CqlSession open(CassandraSettings cassandra) {
    return open(cassandra, Duration.ZERO, session -> session).session();
  }

  /**
   * Connects and prepares (e.g. the writer's statements), trying both again every 2 s for up to
   * {@code patience} while Cassandra is unreachable: an ingester (re)started while its node
   * restarts or hangs waits for it, as it would mid-run, instead of exiting. Other errors (a
   * missing table) fail at once.
   */
  public static <T> Prepared<T> open(
      CassandraSettings cassandra, Duration patience, Function<CqlSession, T> prepare) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      RuntimeException unreachable;
      CqlSession session = null;
      try {
        // Writes at cassandra.consistency: with 3 replicas LOCAL_QUORUM, so a row is on two
        // nodes before its offset is committed.
        session = CassandraSessions.open(cassandra);
        return new Prepared<>(session, prepare.apply(session));
      } catch (ClientException | AllNodesFailedException | DriverTimeoutException e) {
        if (session != null) {
          session.close();
        }
        unreachable = e;
      } catch (RuntimeException e) {
        if (session != null) {
          session.close();
        }
        throw e;
      }
      if (System.nanoTime() + RETRY_EVERY.toNanos() > deadline) {
        throw new FatalIngestException(
            firstLine(unreachable)
                + (patience.isZero()
                    ? ""
                    : " (tried for " + Durations.format(patience) + ", ingest.connect-timeout)"),
            unreachable);
      }
      log.warn(
          "Cassandra not reachable yet ({}); trying again for up to {}",
          firstLine(unreachable),
          Durations.format(Duration.ofNanos(deadline - System.nanoTime())));
      try {
        Thread.sleep(RETRY_EVERY.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new FatalIngestException("interrupted while connecting to Cassandra", interrupted);
      }
    }
  }

  private static String firstLine(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    int cut = message.indexOf(" (showing");
    return cut > 0 ? message.substring(0, cut) : message;
  }
}
