package io.lantern.agent.method;

import io.lantern.agent.Names;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.metrics.SeriesTable;
import io.lantern.agent.trace.TraceExemplarSampler;
import io.prometheus.client.Histogram;

/**
 * {@code lantern_method_duration_seconds{code_function_name, error_type}}, buckets as the HTTP
 * server's. The function name is the {@link SeriesTable}'s primary: past {@code
 * lantern.metrics.max-series} combinations new names become {@code _OTHER}, counted.
 */
public final class MethodMetrics {
  private final SeriesTable<Histogram.Child> durations;

  public MethodMetrics(LanternMetrics metrics) {
    Histogram duration =
        Histogram.build(Names.LANTERN_METHOD_DURATION, "Duration of the application's configured and @WithSpan methods.")
            .labelNames(Names.CODE_FUNCTION_NAME, Names.ERROR_TYPE)
            .buckets(LanternMetrics.HTTP_DURATION_BUCKETS)
            .withExemplarSampler(new TraceExemplarSampler())
            .register(metrics.registry());
    this.durations = new SeriesTable<>(metrics.maxSeries(),
        (function, packed, errorType) -> duration.labels(function, errorType == null ? "" : errorType),
        metrics.overflowCounter(Names.LANTERN_METHOD_DURATION));
  }

  /** Records one call; call it while the call's span is current so the exemplar names it. */
  public void recordDuration(String function, String errorType, double seconds) {
    durations.get(function, 0, errorType).observe(seconds);
  }
}
