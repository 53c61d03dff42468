package io.iotpipeline.simulator;

import io.iotpipeline.model.SensorReading;
import java.util.ArrayList;
import java.util.List;

/** Keeps every message and label in arrival order. */
final class CollectingSink implements ReadingSink, LabelSink {

  record Message(SensorReading reading, byte[] value) {}

  final List<Message> messages = new ArrayList<>();
  final List<FaultLabel> labels = new ArrayList<>();
  int flushes;

  @Override
  public void send(SensorReading reading, byte[] value) {
    messages.add(new Message(reading, value));
  }

  @Override
  public void label(FaultLabel label) {
    labels.add(label);
  }

  @Override
  public void flush() {
    flushes++;
  }

  List<SensorReading> readings() {
    return messages.stream().map(Message::reading).toList();
  }

  /** Runs a simulation unpaced into a fresh sink. */
  static CollectingSink run(SimulationOptions options) {
    CollectingSink sink = new CollectingSink();
    try (FleetSimulator simulator =
        new FleetSimulator(options, sink, sink, RateLimiter.unlimited(), new SimulationStats())) {
      simulator.run();
    }
    return sink;
  }
}
