package io.iotpipeline.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotpipeline.gateway.ReadingIntake.Accepted;
import io.iotpipeline.gateway.ReadingIntake.Outcome;
import io.iotpipeline.gateway.ReadingIntake.Rejected;
import io.iotpipeline.model.InvalidReadingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP side: {@code POST /v1/readings} (one JSON reading, a JSON array or NDJSON), {@code GET
 * /metrics} (Prometheus text) and {@code GET /health}.
 *
 * <p>Answers: 202 with counts once Kafka acknowledged every valid reading; 400 with per-item errors
 * when some items are invalid (the valid ones are still forwarded, the invalid ones are in the
 * dead-letter topic by then, so a client must not resend a 400); 401 for an unknown or revoked
 * device; 429 when the gateway's buffer is full and 503 when Kafka is down or did not acknowledge
 * in time, both with {@code Retry-After} (resending is then safe: readings are idempotent rows).
 */
final class ReadingsHttp {

  /** Items per request: bounded so one request cannot take the whole buffer for long. */
  static final int MAX_ITEMS = 5000;

  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
  static final String SOURCE = "http:/v1/readings";

  private final ReadingIntake intake;
  private final KafkaForwarder kafka;
  private final DeviceAuthenticator authenticator;
  private final GatewayMetrics metrics;
  private final ObjectMapper json = new ObjectMapper();

  ReadingsHttp(
      ReadingIntake intake,
      KafkaForwarder kafka,
      DeviceAuthenticator authenticator,
      GatewayMetrics metrics) {
    this.intake = intake;
    this.kafka = kafka;
    this.authenticator = authenticator;
    this.metrics = metrics;
  }

  /** The app, not started: tests start it on port 0. */
  Javalin app() {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = MAX_BODY_BYTES;
            });
    app.post("/v1/readings", this::postReadings);
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.prometheus(kafka)));
    app.get("/health", ctx -> respond(ctx, 200, Map.of("status", "ok")));
    return app;
  }

  private void postReadings(Context ctx) {
    DeviceAuthenticator.Decision device;
    try {
      device = authenticator.checkBearer(ctx.header("Authorization"));
    } catch (RuntimeException e) {
      ctx.header("Retry-After", "5");
      respond(ctx, 503, Map.of("error", "device check unavailable: " + e.getMessage()));
      return;
    }
    if (!device.allowed()) {
      metrics.authRefused.increment();
      respond(ctx, 401, Map.of("error", device.refusal()));
      return;
    }
    byte[] body = ctx.bodyAsBytes();
    List<byte[]> items;
    String malformed = null;
    try {
      items = ReadingBatch.split(body);
    } catch (InvalidReadingException e) {
      // Which items a broken array held cannot be known: the body is one dead letter.
      items = List.of(body);
      malformed = e.getMessage();
    }
    if (items.isEmpty()) {
      respond(ctx, 400, Map.of("error", "no readings in the body"));
      return;
    }
    if (items.size() > MAX_ITEMS) {
      respond(
          ctx,
          413,
          Map.of("error", items.size() + " readings; at most " + MAX_ITEMS + " a request"));
      return;
    }
    metrics.http.received.add(items.size());
    if (!kafka.tryReserve(items.size())) {
      metrics.http.refusedBusy.add(items.size());
      boolean down = kafka.unavailable();
      ctx.header("Retry-After", down ? "5" : "1");
      respond(
          ctx,
          down ? 503 : 429,
          Map.of("error", down ? "Kafka is unavailable" : "the gateway is busy (buffer full)"));
      return;
    }
    List<Map<String, Object>> errors = new ArrayList<>();
    CompletableFuture<?>[] sends = new CompletableFuture<?>[items.size()];
    int accepted = 0;
    for (int i = 0; i < items.size(); i++) {
      Outcome outcome = malformed != null ? new Rejected(malformed) : outcome(items.get(i), device);
      if (outcome instanceof Accepted reading) {
        accepted++;
        sends[i] =
            kafka
                .sendReading(reading.reading().sensorId(), reading.value())
                .thenRun(metrics.http.forwarded::increment);
      } else {
        String reason = ((Rejected) outcome).reason();
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("index", i);
        error.put("error", reason);
        errors.add(error);
        sends[i] =
            kafka
                .sendDeadLetter(null, items.get(i), reason, SOURCE)
                .thenRun(metrics.http.rejected::increment);
      }
    }
    int acceptedCount = accepted;
    ctx.future(
        () ->
            CompletableFuture.allOf(sends)
                .handle(
                    (ignored, error) -> {
                      if (error != null) {
                        metrics.http.failed.add(sends.length);
                        ctx.header("Retry-After", "5");
                        respond(
                            ctx,
                            503,
                            Map.of(
                                "error",
                                "Kafka did not acknowledge every reading in time; resend the"
                                    + " request"));
                      } else {
                        Map<String, Object> answer = new LinkedHashMap<>();
                        answer.put("accepted", acceptedCount);
                        answer.put("rejected", errors.size());
                        if (!errors.isEmpty()) {
                          answer.put("errors", errors);
                        }
                        respond(ctx, errors.isEmpty() ? 202 : 400, answer);
                      }
                      return null;
                    }));
  }

  private Outcome outcome(byte[] item, DeviceAuthenticator.Decision device) {
    Outcome outcome = intake.decode(item, OptionalInt.empty());
    if (outcome instanceof Accepted accepted && !device.mayReport(accepted.reading().sensorId())) {
      return new Rejected(
          "device "
              + device.deviceId()
              + " may not send readings of sensor "
              + accepted.reading().sensorId());
    }
    return outcome;
  }

  private void respond(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON answer", e);
    }
  }
}
