package io.lantern.instrumentation.jul;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.applog.AppLogRecorder;
import io.lantern.agent.log.Level;
import io.lantern.bootstrap.Hooks;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.logging.LogRecord;

/**
 * JUL records as {@code log} events. {@code Logger.log(LogRecord)} marks its record pending on the
 * logging thread (when Lantern's capture level wants it); the first handler lookup inside it, which
 * the JDK makes only once the logger's {@code isLoggable} and {@code Filter} passed, captures it.
 * The message is formatted as {@code java.util.logging.Formatter.formatMessage} does (resource
 * bundle, then {@code MessageFormat} when the text has {@code {0}}..{@code {3}}), without its lock.
 */
final class JulTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "jul";
  /** {@code Logger.log(LogRecord)}: enter (argument the record) and exit. */
  static final int LOG = 0;
  /** Enter of {@code Logger.getHandlers()} / {@code accessCheckedHandlers()}. */
  static final int HANDLERS = 1;

  private static final Object PENDING = new Object();

  private final AppLogRecorder recorder;
  private final InstrumentationErrors errors;
  /** The record of the outermost {@code log(LogRecord)} on this thread not yet captured, or null. */
  private final ThreadLocal<LogRecord[]> pending = ThreadLocal.withInitial(() -> new LogRecord[1]);

  JulTracker(AppLogRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    try {
      if (site == LOG) {
        return logEntered(argument);
      }
      LogRecord[] slot = pending.get();
      LogRecord record = slot[0];
      if (record != null) {
        slot[0] = null;
        capture(record);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
    return null;
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (state == PENDING) {
      pending.get()[0] = null;
    }
    return returned;
  }

  private Object logEntered(Object argument) {
    if (!(argument instanceof LogRecord)) {
      return null;
    }
    LogRecord record = (LogRecord) argument;
    java.util.logging.Level level = record.getLevel();
    if (level == null || !recorder.wants(AppLogRecorder.fromJul(level.intValue()))) {
      return null;
    }
    LogRecord[] slot = pending.get();
    if (slot[0] != null) {
      return null; // a nested log(LogRecord) (a handler logging): the outer one is still pending
    }
    slot[0] = record;
    return PENDING;
  }

  private void capture(LogRecord record) {
    Level level = AppLogRecorder.fromJul(record.getLevel().intValue());
    recorder.emit(recorder.start(level, record.getLoggerName(), Thread.currentThread().getName(), formatMessage(record),
        record.getThrown()));
  }

  /** As {@code java.util.logging.Formatter.formatMessage}, without its lock. */
  static String formatMessage(LogRecord record) {
    String format = record.getMessage();
    if (format == null) {
      return "";
    }
    ResourceBundle bundle = record.getResourceBundle();
    if (bundle != null) {
      try {
        format = bundle.getString(format);
      } catch (MissingResourceException ex) {
        // the key itself, as the JDK does
      }
    }
    Object[] parameters = record.getParameters();
    if (parameters == null || parameters.length == 0) {
      return format;
    }
    try {
      if (format.contains("{0") || format.contains("{1") || format.contains("{2") || format.contains("{3")) {
        return MessageFormat.format(format, parameters);
      }
      return format;
    } catch (Exception ex) {
      return format;
    }
  }
}
