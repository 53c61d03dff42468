package io.iotpipeline.bench.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dashboard's live stream, held open during a benchmark: {@code /api/stream} read on a thread of
 * its own, its events counted. With it the server works as it does while someone looks at the
 * dashboard (its live feed reads every reading from Kafka), not as an idle query service.
 */
public final class LiveStreamWatcher implements AutoCloseable {

  private static final Pattern SEEN = Pattern.compile("\"seen\":(\\d+)");

  private final HttpURLConnection connection;
  private final Thread reader;
  private final AtomicLong readingEvents = new AtomicLong();
  private final AtomicLong readingsSeen = new AtomicLong();
  private volatile IOException failure;

  private LiveStreamWatcher(HttpURLConnection connection) {
    this.connection = connection;
    this.reader = new Thread(this::read, "bench-live-stream");
    this.reader.setDaemon(true);
  }

  /** Connects (the server answers with its hello event at once) and starts reading. */
  public static LiveStreamWatcher open(String baseUrl, String token) throws IOException {
    String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    // The read timeout also ends a stream that stalls: events come every tick (1 s by default).
    HttpURLConnection connection =
        ApiBenchmark.connect(URI.create(base + "api/stream").toURL(), token);
    connection.setRequestProperty("Accept", "text/event-stream");
    if (connection.getResponseCode() != 200) {
      throw new IOException("the live stream answered " + connection.getResponseCode());
    }
    LiveStreamWatcher watcher = new LiveStreamWatcher(connection);
    watcher.reader.start();
    return watcher;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean inReadings = false;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("event: ")) {
          inReadings = line.equals("event: readings");
          if (inReadings) {
            readingEvents.incrementAndGet();
          }
        } else if (inReadings && line.startsWith("data: ")) {
          Matcher seen = SEEN.matcher(line);
          if (seen.find()) {
            readingsSeen.addAndGet(Long.parseLong(seen.group(1)));
          }
        }
      }
    } catch (IOException e) {
      failure = e;
    }
  }

  /** Readings events received so far (one per tick of the server's live feed). */
  public long readingEvents() {
    return readingEvents.get();
  }

  /** Readings the server's live feed read from Kafka, as its events report them. */
  public long readingsSeen() {
    return readingsSeen.get();
  }

  /** Whether the stream is still open (it ends only when closed or when the server goes away). */
  public boolean open() {
    return reader.isAlive();
  }

  public IOException failure() {
    return failure;
  }

  @Override
  public void close() {
    connection.disconnect();
  }
}
