package io.lantern.agent.trace;

import io.prometheus.client.exemplars.Exemplar;
import io.prometheus.client.exemplars.HistogramExemplarSampler;

/**
 * Attaches the current sampled span's {@code trace_id}/{@code span_id} as an OpenMetrics exemplar.
 * A bucket keeps its exemplar for {@link #MIN_RETENTION_MS} before a newer one replaces it, so the
 * hot path allocates an exemplar at most once a second per bucket.
 */
public final class TraceExemplarSampler implements HistogramExemplarSampler {
  static final long MIN_RETENTION_MS = 1000;

  @Override
  public Exemplar sample(double value, double bucketFrom, double bucketTo, Exemplar previous) {
    LanternSpan span = Tracing.current();
    if (span == null || !span.isSampled()) {
      return null;
    }
    long now = System.currentTimeMillis();
    if (previous != null && previous.getTimestampMs() != null && now - previous.getTimestampMs() < MIN_RETENTION_MS) {
      return null;
    }
    return new Exemplar(value, now, "trace_id", span.traceIdHex(), "span_id", span.spanIdHex());
  }
}
