package io.iotpipeline.api;

import io.iotpipeline.api.live.LiveClient;
import io.iotpipeline.api.live.LiveFeed;
import io.javalin.Javalin;
import io.javalin.http.sse.SseClient;

/**
 * {@code /api/stream}: each Server-Sent Events connection is one subscriber of the {@link
 * LiveFeed}.
 */
final class LiveStreamRoutes {

  private final LiveFeed liveFeed;

  LiveStreamRoutes(LiveFeed liveFeed) {
    this.liveFeed = liveFeed;
  }

  void register(Javalin app) {
    app.sse("/api/stream", this::stream);
  }

  /**
   * Javalin answers as a stream only to {@code Accept: text/event-stream} (as EventSource sends).
   */
  private void stream(SseClient client) {
    client.keepAlive();
    LiveClient subscriber =
        (event, data) -> {
          if (client.terminated()) {
            return false;
          }
          client.sendEvent(event, data);
          return !client.terminated();
        };
    client.onClose(() -> liveFeed.unsubscribe(subscriber));
    // A first event at once: the browser knows it is connected before the first tick.
    client.sendEvent("hello", "{\"tick_ms\":" + liveFeed.tick().toMillis() + "}");
    liveFeed.subscribe(subscriber);
  }
}
