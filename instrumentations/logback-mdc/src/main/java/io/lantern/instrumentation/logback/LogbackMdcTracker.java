package io.lantern.instrumentation.logback;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.trace.LogCorrelation;
import io.lantern.bootstrap.Hooks;
import java.util.HashMap;
import java.util.Map;

/**
 * Adds {@code trace_id}, {@code span_id} and {@code trace_flags} to a logging event's MDC copy. The
 * application's MDC itself is never written: the event gets a new map (logback's own is shared and
 * read-only), and only while a span is current. Keys the application put there itself win. With
 * capture on, it also hands each record to {@link LogbackLogCapture}.
 */
final class LogbackMdcTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "logback-mdc";
  /**
   * Exit of the first {@code LoggingEvent.getMDCPropertyMap()} of an event: returned the MDC copy it
   * made, replaced by the copy with the current span's ids.
   */
  static final int MDC_PROPERTY_MAP = 0;
  /** Enter of {@code Logger.callAppenders(event)} (capture on): argument the {@code ILoggingEvent}. */
  static final int CALL_APPENDERS = 1;

  private final InstrumentationErrors errors;
  private final LogbackLogCapture capture;

  LogbackMdcTracker(InstrumentationErrors errors, LogbackLogCapture capture) {
    this.errors = errors;
    this.capture = capture;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    if (site == CALL_APPENDERS && capture != null) {
      capture.capture(argument);
    }
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    return withTrace((Map<String, String>) returned);
  }

  /** The event's MDC with the current span's ids added, or {@code mdc} itself when none is current. */
  private Map<String, String> withTrace(Map<String, String> mdc) {
    try {
      String[] values = LogCorrelation.currentValues();
      if (values == null || (mdc != null && mdc.containsKey(LogCorrelation.KEYS[0]))) {
        return mdc;
      }
      Map<String, String> copy = mdc == null || mdc.isEmpty() ? new HashMap<>(4) : new HashMap<>(mdc);
      for (int i = 0; i < values.length; i++) {
        copy.putIfAbsent(LogCorrelation.KEYS[i], values[i]);
      }
      return copy;
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return mdc;
    }
  }
}
