package io.lantern.agent.trace.export;

import io.lantern.agent.log.EventLog;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.SpanSink;

/**
 * {@code lantern.traces.exporter=log}: every ended sampled span becomes a {@code span} event. The
 * event log is already asynchronous and bounded (a full queue drops and counts the event in
 * {@code lantern_log_events_dropped_total}), so nothing is batched here.
 */
final class LogSpanSink implements SpanSink {
  private final EventLog events;
  private final SpanExportStats stats;

  LogSpanSink(EventLog events, SpanExportStats stats) {
    this.events = events;
    this.stats = stats;
  }

  @Override
  public void accept(LanternSpan span) {
    events.emit(new SpanEvent(span));
    stats.addExported(1);
  }
}
