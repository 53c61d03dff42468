package io.iotpipeline.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Truth labels as JSON lines in a file ({@code --truth-file}), one {@link FaultLabel#toJson} a
 * line.
 */
public final class LabelFile implements LabelSink, AutoCloseable {

  private final BufferedWriter writer;

  public LabelFile(Path path) throws IOException {
    this.writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void label(FaultLabel label) {
    try {
      writer.write(label.toJson());
      writer.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
