package io.lantern.agent.metrics;

import io.lantern.agent.Names;
import io.lantern.agent.trace.TraceExemplarSampler;
import io.prometheus.client.Histogram;

/**
 * {@code db_client_operation_duration_seconds}. The table (collection) is the high-cardinality
 * label; system and operation are few strings interned by the caller into small indexes through
 * {@link #systemIndex} / {@link #operationIndex}, so the hot path looks a series up without
 * building a label list.
 */
public final class DbClientMetrics {
  private static final int MAX_OPERATIONS = 1000;

  private final SeriesTable<Histogram.Child> durations;
  private final Interner systems = new Interner(64);
  private final Interner operations = new Interner(MAX_OPERATIONS);

  public DbClientMetrics(LanternMetrics metrics) {
    Histogram duration =
        Histogram.build(Names.DB_CLIENT_OPERATION_DURATION, "Duration of database client operations.")
            .labelNames(Names.DB_SYSTEM_NAME, Names.DB_OPERATION_NAME, Names.DB_COLLECTION_NAME, Names.ERROR_TYPE)
            .buckets(LanternMetrics.DB_DURATION_BUCKETS)
            .withExemplarSampler(new TraceExemplarSampler())
            .register(metrics.registry());
    this.durations =
        new SeriesTable<>(
            metrics.maxSeries(),
            (collection, packed, errorType) ->
                duration.labels(systems.name(packed / MAX_OPERATIONS), operations.name(packed % MAX_OPERATIONS),
                    collection, errorType == null ? "" : errorType),
            metrics.overflowCounter(Names.DB_CLIENT_OPERATION_DURATION));
  }

  /** A stable index for a {@code db_system_name} value (a bounded set: callers pass known names). */
  public int systemIndex(String system) {
    return systems.index(system);
  }

  /** A stable index for a {@code db_operation_name} value (callers pass a bounded set of verbs). */
  public int operationIndex(String operation) {
    return operations.index(operation);
  }

  /** Records one operation; call it while the operation's span is current so the exemplar names it. */
  public void recordDuration(int systemIndex, int operationIndex, String collection, String errorType, double seconds) {
    durations.get(collection, systemIndex * MAX_OPERATIONS + operationIndex, errorType).observe(seconds);
  }
}
