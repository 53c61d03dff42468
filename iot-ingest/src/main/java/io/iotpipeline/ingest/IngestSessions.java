package io.iotpipeline.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import io.iotpipeline.clients.ClientException;
import io.iotpipeline.clients.schema.CassandraSessions;
import io.iotpipeline.config.CassandraSettings;
import io.iotpipeline.config.Durations;
import java.time.Duration;
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

  /**
   * Connects, trying again every 2 s for up to {@code patience}: an ingester (re)started while
   * its Cassandra node restarts or hangs waits for it, as it would mid-run, instead of exiting.
   */
  public static CqlSession open(CassandraSettings cassandra, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return CassandraSessions.open(cassandra, false, options ->
            options.withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM"));
      } catch (ClientException e) {
        if (System.nanoTime() + RETRY_EVERY.toNanos() > deadline) {
          throw new FatalIngestException(e.getMessage() + " (tried for "
              + Durations.format(patience) + ", ingest.connect-timeout)", e);
        }
        log.warn("Cassandra not reachable yet ({}); trying again for up to {}", firstLine(e),
            Durations.format(Duration.ofNanos(deadline - System.nanoTime())));
        try {
          Thread.sleep(RETRY_EVERY.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new FatalIngestException("interrupted while connecting to Cassandra", interrupted);
        }
      }
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int cut = message.indexOf(" (showing");
    return cut > 0 ? message.substring(0, cut) : message;
  }
}
