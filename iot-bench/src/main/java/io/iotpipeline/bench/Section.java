package io.iotpipeline.bench;

import io.iotpipeline.config.Settings;
import java.util.Map;

/** One part of {@code ./iot bench}: a name plus a function from the settings to its figures. */
public interface Section {
  String name();

  /** True for a section that runs only when named ({@code --section}), never by default. */
  default boolean onRequestOnly() {
    return false;
  }

  /** The figures in the order they are reported; the keys are the JSON line's keys. */
  Map<String, Object> run(Settings settings, boolean quick) throws Exception;
}
