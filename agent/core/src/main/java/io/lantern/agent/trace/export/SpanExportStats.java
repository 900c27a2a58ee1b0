package io.lantern.agent.trace.export;

import io.lantern.agent.Names;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.CounterMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of every ended, sampled span: exported, failed (the export was attempted and did not
 * succeed) or dropped (the queue was full, or the agent was shutting down). Exposed as
 * {@code lantern_trace_spans_exported_total}, {@code lantern_trace_spans_failed_total} and
 * {@code lantern_trace_spans_dropped_total}; all three are 0 with no exporter.
 */
public final class SpanExportStats extends Collector {
  final LongAdder exported = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder dropped = new LongAdder();

  public long exported() {
    return exported.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  /** Registers the three counters. */
  public SpanExportStats registerIn(CollectorRegistry registry) {
    register(registry);
    return this;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<MetricFamilySamples> families = new ArrayList<>(3);
    families.add(new CounterMetricFamily(Names.LANTERN_TRACE_SPANS_EXPORTED,
        "Spans handed to the trace backend (or written as span events) successfully.", exported.sum()));
    families.add(new CounterMetricFamily(Names.LANTERN_TRACE_SPANS_FAILED,
        "Spans lost because their export failed (collector unreachable, refused or timed out).", failed.sum()));
    families.add(new CounterMetricFamily(Names.LANTERN_TRACE_SPANS_DROPPED,
        "Spans dropped before export because the export queue was full.", dropped.sum()));
    return families;
  }
}
