package io.iotpipeline.analytics.options;

import io.iotpipeline.config.Settings;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Shows an option's default as the default of the setting it overrides, so the help and the job
 * read the same one definition (iot-model Defaults).
 */
public final class SettingsDefaults implements IDefaultValueProvider {

  private static final Settings DEFAULTS = Settings.defaults();

  @Override
  public String defaultValue(ArgSpec argument) {
    if (argument instanceof OptionSpec option) {
      String key = StreamOptions.SETTING_OF_OPTION.get(option.longestName());
      return key == null ? null : DEFAULTS.get(key);
    }
    return null;
  }
}
