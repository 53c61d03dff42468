package io.iotpipeline.simulator;

/** Where ground-truth labels go (the truth topic, a JSONL file, a test's list). */
@FunctionalInterface
public interface LabelSink {
  LabelSink NONE = label -> {};

  void label(FaultLabel label);

  /** Both sinks, in order. */
  default LabelSink and(LabelSink other) {
    return label -> {
      label(label);
      other.label(label);
    };
  }
}
