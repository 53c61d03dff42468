package io.iotpipeline.simulator;

import java.util.Locale;

/** The sensor faults the simulator injects, with their names in truth labels. */
public enum FaultKind {
  /** One to three readings far off the true temperature (electrical glitch). */
  SPIKE,
  /** Temperature and humidity frozen at the last good values (firmware hang). */
  STUCK,
  /** No readings at all (power or network loss); the sequence number does not advance. */
  DROPOUT,
  /** A calibration error growing linearly to several degrees, then corrected. */
  DRIFT;

  /** The name in truth labels: {@code spike}, {@code stuck}, {@code dropout}, {@code drift}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FaultKind fromLabel(String label) {
    for (FaultKind kind : values()) {
      if (kind.label().equals(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown fault: " + label);
  }
}
