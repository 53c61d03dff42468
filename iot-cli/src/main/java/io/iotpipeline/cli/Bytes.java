package io.iotpipeline.cli;

import java.util.Locale;

/** Byte counts for humans: 912 B, 3.4 MB, 2.1 GB. */
final class Bytes {
  private Bytes() {}

  static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
