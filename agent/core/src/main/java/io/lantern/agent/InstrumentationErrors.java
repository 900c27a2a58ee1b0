package io.lantern.agent;

import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.Level;
import io.lantern.agent.metrics.LanternMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where Lantern's own throwables go (law 1): always counted in
 * {@code lantern_instrumentation_errors_total{instrumentation}}, and logged as
 * {@code instrumentation_error} at most once a minute per instrumentation.
 */
public final class InstrumentationErrors {
  static final long EVENT_INTERVAL_NANOS = 60_000_000_000L;

  private final LanternMetrics metrics;
  private final EventLog events;
  private final ConcurrentHashMap<String, AtomicLong> lastEventNanos = new ConcurrentHashMap<>();

  public InstrumentationErrors(LanternMetrics metrics, EventLog events) {
    this.metrics = metrics;
    this.events = events;
  }

  public void report(String instrumentation, Throwable error) {
    try {
      metrics.instrumentationErrors(instrumentation).inc();
      AtomicLong last = lastEventNanos.computeIfAbsent(instrumentation, k -> new AtomicLong(System.nanoTime() - EVENT_INTERVAL_NANOS));
      long previous = last.get();
      long now = System.nanoTime();
      if (now - previous >= EVENT_INTERVAL_NANOS && last.compareAndSet(previous, now)) {
        events.emit(
            FieldsEvent.of(Names.EVENT_INSTRUMENTATION_ERROR, Level.WARN, "error inside Lantern's " + instrumentation + " instrumentation; the application is unaffected")
                .with(Names.INSTRUMENTATION, instrumentation)
                .with(Names.ERROR, String.valueOf(error)));
      }
    } catch (Throwable ignored) {
      // reporting must never fail the caller
    }
  }
}
