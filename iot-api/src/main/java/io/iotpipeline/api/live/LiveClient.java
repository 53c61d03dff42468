package io.iotpipeline.api.live;

/** One subscriber of the live stream (an SSE connection). */
public interface LiveClient {

  /**
   * Sends one event; returns false when the client is gone (it is then dropped).
   *
   * @param data one line of JSON
   */
  boolean send(String event, String data);
}
