package io.iotpipeline.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Lets only warnings and errors through the console appenders until closed. A command that draws
 * its own display (the demo's status block) would otherwise get INFO lines of the components it
 * runs in between. Logger levels stay as they are, so any other appender (a log file configured
 * with {@code -Dlogback.configurationFile}) still receives everything it did before.
 */
final class QuietConsoleLogs implements AutoCloseable {

  private final List<ConsoleAppender<ILoggingEvent>> consoles;
  private final ThresholdFilter filter;
  private boolean closed;

  private QuietConsoleLogs(List<ConsoleAppender<ILoggingEvent>> consoles, ThresholdFilter filter) {
    this.consoles = consoles;
    this.filter = filter;
  }

  /** Console appenders show WARN and above from now until {@link #close()}. */
  static QuietConsoleLogs install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return new QuietConsoleLogs(List.of(), null); // another SLF4J binding: not ours to change
    }
    ThresholdFilter filter = new ThresholdFilter();
    filter.setLevel(Level.WARN.toString());
    filter.start();
    List<ConsoleAppender<ILoggingEvent>> consoles = consoleAppenders(context);
    consoles.forEach(console -> console.addFilter(filter));
    return new QuietConsoleLogs(consoles, filter);
  }

  /** Changes nothing: for when the user asked for more logging (IOT_LOG_LEVEL). */
  static QuietConsoleLogs none() {
    return new QuietConsoleLogs(List.of(), null);
  }

  private static List<ConsoleAppender<ILoggingEvent>> consoleAppenders(LoggerContext context) {
    Set<Appender<ILoggingEvent>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<ConsoleAppender<ILoggingEvent>> consoles = new ArrayList<>();
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> appender = it.next();
        if (appender instanceof ConsoleAppender<ILoggingEvent> console && seen.add(appender)) {
          consoles.add(console);
        }
      }
    }
    return consoles;
  }

  /** Puts the console appenders' filters back as they were. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ConsoleAppender<ILoggingEvent> console : consoles) {
      // Logback can only clear all filters: keep every other one.
      List<Filter<ILoggingEvent>> others = console.getCopyOfAttachedFiltersList();
      others.remove(filter);
      console.clearAllFilters();
      others.forEach(console::addFilter);
    }
  }
}
