package io.iotpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import io.iotpipeline.testkit.CapturedOutput;
import java.util.Iterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The console shows only warnings while quiet; other appenders keep receiving INFO. Uses the test
 * logging configuration, whose console appender writes to standard output.
 */
class QuietConsoleLogsTest {

  @RegisterExtension final CapturedOutput console = new CapturedOutput();
  private final Logger log =
      (Logger) LoggerFactory.getLogger("io.iotpipeline.cli.QuietConsoleLogsTest");
  private final ListAppender<ILoggingEvent> file = new ListAppender<>();

  @BeforeEach
  void addAFileLikeAppender() {
    file.setContext(log.getLoggerContext());
    file.start();
    log.addAppender(file);
  }

  @AfterEach
  void restore() {
    log.detachAppender(file);
  }

  private String consoleText() {
    return console.text();
  }

  @Test
  void onlyWarningsReachTheConsoleWhileQuietAndInfoReturnsAfterwards() {
    log.info("before quiet");
    try (QuietConsoleLogs quiet = QuietConsoleLogs.install()) {
      log.info("hidden progress");
      log.warn("a warning still shows");
    }
    log.info("after quiet");

    assertThat(consoleText())
        .contains("before quiet")
        .doesNotContain("hidden progress")
        .contains("a warning still shows")
        .contains("after quiet");
    assertThat(file.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("before quiet", "hidden progress", "a warning still shows", "after quiet");
  }

  @Test
  void closingKeepsTheConsoleAppendersOwnFiltersAndTwiceIsHarmless() {
    ConsoleAppender<ILoggingEvent> appender = consoleAppender();
    int filtersBefore = appender.getCopyOfAttachedFiltersList().size();
    QuietConsoleLogs quiet = QuietConsoleLogs.install();
    assertThat(appender.getCopyOfAttachedFiltersList()).hasSize(filtersBefore + 1);

    quiet.close();
    quiet.close();

    assertThat(appender.getCopyOfAttachedFiltersList()).hasSize(filtersBefore);
  }

  @Test
  void noneChangesNothing() {
    try (QuietConsoleLogs quiet = QuietConsoleLogs.none()) {
      log.info("still shown");
    }
    assertThat(consoleText()).contains("still shown");
  }

  private static ConsoleAppender<ILoggingEvent> consoleAppender() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Iterator<ch.qos.logback.core.Appender<ILoggingEvent>> appenders =
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
    while (appenders.hasNext()) {
      if (appenders.next() instanceof ConsoleAppender<ILoggingEvent> console) {
        return console;
      }
    }
    throw new AssertionError("the test logging configuration has no console appender");
  }
}
