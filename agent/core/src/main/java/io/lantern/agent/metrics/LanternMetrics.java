package io.lantern.agent.metrics;

import io.lantern.agent.Names;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The agent's private Prometheus registry and its own metrics: {@code target_info},
 * {@code lantern_agent_info}, dropped events, instrumentation errors and series overflow. Bucket
 * boundaries of the contract live here too.
 */
public final class LanternMetrics {
  /** http_server/http_client durations, seconds (contract section 3). */
  public static final double[] HTTP_DURATION_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10
  };

  /** db_client_operation_duration_seconds, seconds (contract section 3). */
  public static final double[] DB_DURATION_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};

  /** gen_ai duration and time to first chunk, seconds: 0.01 doubling to 81.92 (contract section 3, semconv). */
  public static final double[] GEN_AI_DURATION_BUCKETS = {
    0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92
  };

  /** gen_ai_client_token_usage: 1, then ×4 up to 67108864 (contract section 3, semconv). */
  public static final double[] GEN_AI_TOKEN_BUCKETS = {
    1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864
  };

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final int maxSeries;
  private final Counter seriesOverflow;
  private final Counter instrumentationErrors;

  public LanternMetrics(int maxSeries) {
    this.maxSeries = maxSeries;
    this.seriesOverflow =
        Counter.build(Names.LANTERN_METRIC_SERIES_OVERFLOW, "Label combinations that went to _OTHER because a metric reached lantern.metrics.max-series.")
            .labelNames(Names.METRIC)
            .register(registry);
    this.instrumentationErrors =
        Counter.build(Names.LANTERN_INSTRUMENTATION_ERRORS, "Throwables caught inside Lantern's own instrumentation code.")
            .labelNames(Names.INSTRUMENTATION)
            .register(registry);
  }

  public CollectorRegistry registry() {
    return registry;
  }

  public int maxSeries() {
    return maxSeries;
  }

  /** A cheap callback counting one overflowed series of {@code metric}. */
  public Runnable overflowCounter(String metric) {
    Counter.Child child = seriesOverflow.labels(metric);
    return child::inc;
  }

  public Counter.Child instrumentationErrors(String instrumentation) {
    return instrumentationErrors.labels(instrumentation);
  }

  /** {@code target_info} and {@code lantern_agent_info}, both constant 1. */
  public void registerInfo(String serviceName, String serviceVersion, String environment, String agentVersion, List<String> instrumentations) {
    new ConstantGauge(Names.TARGET_INFO, "Target metadata.",
            Arrays.asList(Names.SERVICE_NAME, Names.SERVICE_VERSION, Names.DEPLOYMENT_ENVIRONMENT),
            Arrays.asList(serviceName, nullToEmpty(serviceVersion), nullToEmpty(environment)))
        .register(registry);
    new ConstantGauge(Names.LANTERN_AGENT_INFO, "Lantern agent version and enabled instrumentations.",
            Arrays.asList(Names.VERSION, Names.INSTRUMENTATIONS),
            Arrays.asList(agentVersion, String.join(",", instrumentations)))
        .register(registry);
  }

  /** {@code lantern_log_events_dropped_total}, read from the event log when scraped. */
  public void registerDroppedEvents(LongSupplier dropped) {
    new Collector() {
      @Override
      public List<MetricFamilySamples> collect() {
        return Collections.singletonList(
            new CounterMetricFamily(Names.LANTERN_LOG_EVENTS_DROPPED, "Events dropped because the event queue was full.", dropped.getAsLong()));
      }
    }.register(registry);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static final class ConstantGauge extends Collector {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final List<String> labelValues;

    ConstantGauge(String name, String help, List<String> labelNames, List<String> labelValues) {
      this.name = name;
      this.help = help;
      this.labelNames = labelNames;
      this.labelValues = labelValues;
    }

    @Override
    public List<MetricFamilySamples> collect() {
      GaugeMetricFamily family = new GaugeMetricFamily(name, help, labelNames);
      family.addMetric(labelValues, 1);
      List<MetricFamilySamples> result = new ArrayList<>(1);
      result.add(family);
      return result;
    }
  }
}
