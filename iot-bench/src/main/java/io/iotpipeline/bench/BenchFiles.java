package io.iotpipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch files of a section. */
public final class BenchFiles {
  private BenchFiles() {}

  /** Deletes a folder and everything in it; a failure is noted, not fatal (it is scratch). */
  public static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.out.println("  note: could not delete " + folder + ": " + e.getMessage());
    }
  }
}
