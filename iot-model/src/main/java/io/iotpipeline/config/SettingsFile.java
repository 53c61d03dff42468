package io.iotpipeline.config;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * Resolved settings handed to a child JVM as a properties file. A file, not {@code -D} arguments:
 * settings may hold secrets (e.g. {@code api.token}), and a command line is visible to every user
 * of the machine ({@code ps}). The file is readable by its owner only.
 */
public final class SettingsFile {
  private SettingsFile() {}

  /** Writes every value into a new owner-only file in {@code directory} and returns its path. */
  public static Path write(Settings settings, Path directory, String prefix) {
    try {
      Files.createDirectories(directory);
      // Created with its permissions, so no other user can open it before a chmod.
      Path file = Files.createTempFile(directory, prefix, ".properties", ownerOnly());
      Properties properties = new Properties();
      properties.putAll(settings.values());
      try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        properties.store(writer, "resolved iot settings for a child JVM; deleted when it ends");
      }
      return file;
    } catch (IOException e) {
      throw new ConfigException(
          "cannot write a settings file in " + directory + ": " + e.getMessage());
    }
  }

  /**
   * The settings a parent wrote, plus {@code flags} on top. The environment is not applied again:
   * the parent resolved it already, and its own flags may have overridden it.
   */
  public static Settings read(Path file, Map<String, String> flags) {
    return Settings.load(file, Map.of(), flags);
  }

  private static FileAttribute<?>[] ownerOnly() {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
    };
  }
}
