package io.iotpipeline.simulator;

import io.iotpipeline.model.SensorReading;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends readings to the gateway's {@code POST /v1/readings} as NDJSON batches of many sensors'
 * readings (sent when {@code batchSize} are buffered, or on {@link #flush}). A batch counts as
 * acknowledged at its 202 (or 400: its invalid items are then in the dead-letter topic, which is
 * the gateway's acknowledgement of them too); a 429 or 503 is retried after its {@code
 * Retry-After}, which is safe because readings are idempotent rows. At most {@code maxBatches}
 * requests are open at once.
 */
public final class HttpReadingSink implements ReadingSink, AutoCloseable {

  private static final int MAX_ATTEMPTS = 30;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI uri;
  private final String bearer;
  private final int batchSize;
  private final int maxBatches;
  private final Semaphore openBatches;
  private final SimulationStats stats;
  private final AtomicReference<String> failure = new AtomicReference<>();
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private int buffered;
  private boolean closed;

  /**
   * @param baseUrl e.g. {@code http://127.0.0.1:8081}
   * @param bearer the {@code DEVICE.SECRET} token, or null for an open gateway
   */
  public HttpReadingSink(
      String baseUrl, String bearer, int batchSize, int maxBatches, SimulationStats stats) {
    this.uri = URI.create(baseUrl.replaceAll("/+$", "") + "/v1/readings");
    this.bearer = bearer;
    this.batchSize = batchSize;
    this.maxBatches = maxBatches;
    this.openBatches = new Semaphore(maxBatches);
    this.stats = stats;
  }

  @Override
  public void send(SensorReading reading, byte[] value) {
    throwIfFailed();
    buffer.writeBytes(value);
    buffer.write('\n');
    if (++buffered >= batchSize) {
      sendBatch();
    }
  }

  private void sendBatch() {
    if (buffered == 0) {
      return;
    }
    byte[] body = buffer.toByteArray();
    int readings = buffered;
    buffer = new ByteArrayOutputStream();
    buffered = 0;
    try {
      openBatches.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkFailedException("interrupted while waiting for the gateway", e);
    }
    post(body, readings, 1)
        .whenComplete(
            (ignored, error) -> {
              if (error != null) {
                for (int i = 0; i < readings; i++) {
                  stats.recordError();
                }
                failure.compareAndSet(null, error.getMessage());
              } else {
                for (int i = 0; i < readings; i++) {
                  stats.recordAck();
                }
              }
              // Released last: flush() returns once every permit is back, the stats complete.
              openBatches.release();
            });
  }

  private CompletableFuture<Void> post(byte[] body, int readings, int attempt) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenCompose(
            response -> {
              int status = response.statusCode();
              if (status == 202 || status == 400) {
                return CompletableFuture.completedFuture(null);
              }
              if ((status == 429 || status == 503) && attempt < MAX_ATTEMPTS) {
                long seconds =
                    response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                return CompletableFuture.supplyAsync(
                        () -> null, CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS))
                    .thenCompose(again -> post(body, readings, attempt + 1));
              }
              return CompletableFuture.failedFuture(
                  new IllegalStateException(
                      "the HTTP gateway answered " + status + ": " + response.body()));
            });
  }

  /** Sends what is buffered and waits until every batch is answered. */
  @Override
  public void flush() {
    sendBatch();
    try {
      if (!openBatches.tryAcquire(maxBatches, 120, TimeUnit.SECONDS)) {
        throw new SinkFailedException("HTTP batches still unanswered after 120 s", null);
      }
      openBatches.release(maxBatches);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throwIfFailed();
  }

  private void throwIfFailed() {
    String cause = failure.get();
    if (cause != null) {
      throw new SinkFailedException("readings not accepted by the HTTP gateway: " + cause, null);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
