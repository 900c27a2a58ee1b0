package io.lantern.agent.trace;

import io.lantern.agent.Names;

/**
 * What the application's own log lines get while a span is current (logback MDC, log4j2 context
 * data): {@code trace_id}, {@code span_id}, {@code trace_flags}, lowercase hex as in the agent's
 * events. Unsampled spans (ratio 0) count too: their ids still correlate logs.
 */
public final class LogCorrelation {
  /** The keys, in the order of {@link #values}. */
  public static final String[] KEYS = {Names.MDC_TRACE_ID, Names.MDC_SPAN_ID, Names.MDC_TRACE_FLAGS};

  private LogCorrelation() {}

  /** The values for {@link #KEYS} of the span current on this thread, or null when none is. */
  public static String[] currentValues() {
    LanternSpan span = Tracing.current();
    return span == null ? null : new String[] {span.traceIdHex(), span.spanIdHex(), span.traceFlagsHex()};
  }
}
