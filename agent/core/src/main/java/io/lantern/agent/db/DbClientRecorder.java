package io.lantern.agent.db;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.DbClientMetrics;
import io.lantern.agent.operation.EventListener;
import io.lantern.agent.operation.Instrumenter;
import io.lantern.agent.operation.OperationListener;
import io.lantern.agent.operation.RequestOperation;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;

/**
 * The database-client domain, whatever the driver: a statement starts as a client span, a child of
 * the current one, and ends with the duration histogram, its share of the enclosing request's
 * {@code db_count} / {@code db_duration_ms} and repeated-query counts, the span's attributes and,
 * at or over the slow threshold, the {@code db_query} event.
 */
public final class DbClientRecorder {
  static final String DOMAIN = "db-client";

  private final DbClientMetrics metrics;
  private final Instrumenter<DbStatement> instrumenter;

  /** @param slowNanos {@code lantern.jdbc.slow-query-threshold-ms}, in nanoseconds */
  public DbClientRecorder(DbClientMetrics metrics, Tracing tracing, EventLog events, InstrumentationErrors errors,
      long slowNanos) {
    this.metrics = metrics;
    EventListener<DbStatement> slowEvent = new EventListener<>(events);
    this.instrumenter = Instrumenter.<DbStatement>builder(DOMAIN, tracing, errors)
        .listener(statement -> metrics.recordDuration(statement.systemIndex, statement.operationIndex,
            statement.collection, statement.errorTypeLabel(), statement.durationNanos() / 1e9))
        .listener(DbClientRecorder::addToRequest)
        .listener(DbClientRecorder::describeSpan)
        .listener(statement -> {
          if (statement.durationNanos() >= slowNanos) {
            slowEvent.onEnd(statement);
          }
        })
        .build();
  }

  /** A stable index for a {@code db_system_name} value (callers pass a bounded set of names). */
  public int systemIndex(String system) {
    return metrics.systemIndex(system);
  }

  /** A stable index for a {@code db_operation_name} value (callers pass a bounded set of verbs). */
  public int operationIndex(String operation) {
    return metrics.operationIndex(operation);
  }

  /** Starts the statement and makes its span current on this thread until {@link #end}. */
  public DbStatement start(DbStatement statement) {
    return instrumenter.start(statement, LanternSpan.Kind.CLIENT, statement.operation);
  }

  /** Records the statement and puts back the span current before it; on the thread that started it. */
  public void end(DbStatement statement, Throwable thrown) {
    try {
      instrumenter.end(statement, thrown);
    } finally {
      instrumenter.detach(statement);
    }
  }

  /** The repeated-query rule, for {@link io.lantern.agent.operation.RequestListeners}. */
  public static OperationListener<RequestOperation> repeatedQueryRule(EventLog events, int threshold) {
    return new RepeatedQueryRule(events, threshold);
  }

  private static void addToRequest(DbStatement statement) {
    RequestOperation request = RequestOperation.current();
    if (request != null) {
      request.addDbStatement(statement.queryText, statement.durationNanos());
    }
  }

  /** Semantic-convention name and attributes, for an exported span only. */
  private static void describeSpan(DbStatement statement) {
    if (!statement.isRecording()) {
      return;
    }
    statement.setName(Names.OTHER.equals(statement.collection)
        ? statement.operation : statement.operation + " " + statement.collection);
    statement.setAttribute(Names.SPAN_DB_SYSTEM_NAME, statement.system);
    statement.setAttribute(Names.SPAN_DB_OPERATION_NAME, statement.operation);
    statement.setAttribute(Names.SPAN_DB_COLLECTION_NAME, statement.collection);
    statement.setAttribute(Names.SPAN_DB_QUERY_TEXT, statement.queryText);
    statement.setError(statement.errorTypeLabel());
  }
}
