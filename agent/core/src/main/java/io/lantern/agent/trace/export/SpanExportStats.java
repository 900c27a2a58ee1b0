package io.lantern.agent.trace.export;

import io.lantern.agent.Names;
import io.lantern.agent.export.ExportStats;
import io.prometheus.client.CollectorRegistry;

/**
 * What became of every ended, sampled span: {@code lantern_trace_spans_exported_total},
 * {@code lantern_trace_spans_failed_total} and {@code lantern_trace_spans_dropped_total}.
 */
public final class SpanExportStats extends ExportStats {
  public SpanExportStats() {
    super(Names.LANTERN_TRACE_SPANS_EXPORTED,
        "Spans handed to the trace backend (or written as span events) successfully.",
        Names.LANTERN_TRACE_SPANS_FAILED,
        "Spans lost because their export failed (collector unreachable, refused or timed out).",
        Names.LANTERN_TRACE_SPANS_DROPPED,
        "Spans dropped before export because the export queue was full.");
  }

  @Override
  public SpanExportStats registerIn(CollectorRegistry registry) {
    super.registerIn(registry);
    return this;
  }
}
