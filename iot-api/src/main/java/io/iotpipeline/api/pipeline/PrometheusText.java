package io.iotpipeline.api.pipeline;

import java.util.Locale;
import java.util.Map;

/** Prometheus text exposition format (version 0.0.4) of gauges and counters. */
public final class PrometheusText {

  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder text = new StringBuilder();

  /** One metric family; keys of {@code samples} are label sets like {@code {route="/x"}} or "". */
  public PrometheusText family(String name, String type, String help, Map<String, Double> samples) {
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("not a Prometheus metric name: " + name);
    }
    text.append("# HELP ").append(name).append(' ').append(help.replace('\n', ' ')).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    samples.forEach(
        (labels, value) ->
            text.append(name).append(labels).append(' ').append(format(value)).append('\n'));
    return this;
  }

  public PrometheusText gauge(String name, String help, double value) {
    return family(name, "gauge", help, Map.of("", value));
  }

  /** A label set with one label, value escaped as the format requires. */
  public static String label(String name, String value) {
    return "{"
        + name
        + "=\""
        + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"}";
  }

  static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.6g", value);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
