package io.iotpipeline.simulator;

import io.iotpipeline.model.SensorReading;

/** Where generated readings go: Kafka in production, a list in tests. */
public interface ReadingSink {

  /**
   * Sends one message. A duplicated delivery passes the same reading and the very same bytes again.
   *
   * @param value the reading encoded by {@link io.iotpipeline.model.ReadingCodec}
   * @throws SinkFailedException when an earlier message could not be delivered
   */
  void send(SensorReading reading, byte[] value);

  /** Blocks until every message sent so far is delivered or has failed. */
  default void flush() {}
}
