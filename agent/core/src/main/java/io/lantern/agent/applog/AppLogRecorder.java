package io.lantern.agent.applog;

import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.Level;
import io.lantern.agent.operation.RequestOperation;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;

/**
 * Turns the application's log records into {@code log} events: what every logging module
 * (logback, log4j2, JUL) shares. A module asks {@link #wants} with the record's level first (a
 * plain comparison), then, on the thread that logged, reads the record into {@link #start} and
 * {@link AppLogEvent}'s setters and {@link #emit}s it: the event log's queue, drop counter and
 * writer do the rest. The span and request current on that thread give {@code trace_id},
 * {@code span_id}, {@code tenant} and {@code request_id}.
 *
 * <p>Records logged on the agent's own threads ({@code lantern-*}) are never captured.
 */
public final class AppLogRecorder {
  private static final String AGENT_THREAD_PREFIX = "lantern-";

  private final EventLog events;
  private final boolean enabled;
  private final int minOrdinal;
  private final int maxStackTrace;

  public AppLogRecorder(EventLog events, boolean enabled, Level minLevel, int maxStackTrace) {
    this.events = events;
    this.enabled = enabled && !events.isNoop();
    this.minOrdinal = minLevel.ordinal();
    this.maxStackTrace = maxStackTrace;
  }

  /** Whether capture is on at all: modules weave their capture hooks only then. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Whether a record of {@code level} logged now, on this thread, becomes an event: capture on, at
   * or above {@code lantern.logs.capture.level} and {@code lantern.log.level}, not an agent thread.
   */
  public boolean wants(Level level) {
    return enabled && level != null && level.ordinal() >= minOrdinal && events.isEnabled(level)
        && !Thread.currentThread().getName().startsWith(AGENT_THREAD_PREFIX);
  }

  /** The event of one record, with the current span and request; fill it, then {@link #emit}. */
  public AppLogEvent start(Level level, String loggerName, String threadName, String message, Throwable thrown) {
    LanternSpan span = Tracing.current();
    LanternSpan root = span == null ? null : span.localRoot();
    RequestOperation request = root instanceof RequestOperation ? (RequestOperation) root : null;
    return new AppLogEvent(level, EventLog.currentEpochMicros(), loggerName, threadName, message, thrown,
        maxStackTrace, span, request == null ? null : request.tenant(), request == null ? null : request.requestId());
  }

  public void emit(AppLogEvent event) {
    events.emit(event);
  }

  /** logback's {@code Level.toInt()}: ERROR 40000, WARN 30000, INFO 20000, DEBUG 10000, TRACE 5000. */
  public static Level fromLogback(int level) {
    return level >= 40000 ? Level.ERROR : level >= 30000 ? Level.WARN : level >= 20000 ? Level.INFO
        : level >= 10000 ? Level.DEBUG : Level.TRACE;
  }

  /** log4j2's {@code Level.intLevel()}, smaller is more severe: FATAL 100 and ERROR 200 are ERROR, WARN 300, INFO 400, DEBUG 500, TRACE 600. */
  public static Level fromLog4j(int intLevel) {
    return intLevel <= 200 ? Level.ERROR : intLevel <= 300 ? Level.WARN : intLevel <= 400 ? Level.INFO
        : intLevel <= 500 ? Level.DEBUG : Level.TRACE;
  }

  /** {@code java.util.logging.Level.intValue()}: SEVERE ERROR, WARNING WARN, INFO, CONFIG and FINE DEBUG, FINER and FINEST TRACE. */
  public static Level fromJul(int value) {
    return value >= 1000 ? Level.ERROR : value >= 900 ? Level.WARN : value >= 800 ? Level.INFO
        : value >= 500 ? Level.DEBUG : Level.TRACE;
  }
}
