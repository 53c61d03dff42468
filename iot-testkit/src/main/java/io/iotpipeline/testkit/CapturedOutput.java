package io.iotpipeline.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test's code printed to standard output, for tests of a command's console lines. Register
 * it as a field with {@code @RegisterExtension}; standard output is restored after each test.
 */
public final class CapturedOutput implements BeforeEachCallback, AfterEachCallback {

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @Override
  public void beforeEach(ExtensionContext context) {
    captured.reset();
    original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.setOut(original);
  }

  /** Everything printed since the test began. */
  public String text() {
    return captured.toString(StandardCharsets.UTF_8);
  }
}
