package io.lantern.agent.db;

import io.lantern.agent.Names;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.JsonWriter;
import io.lantern.agent.log.Level;
import io.lantern.agent.operation.Operation;

/**
 * One statement execution: its client span, its {@code db_client_operation_duration_seconds}
 * record and, when it is slow, its {@code db_query} event. What a database module knows of the
 * statement (system, operation, table, sanitized text) is fixed when it starts.
 */
public final class DbStatement extends Operation implements Event {
  final String system;
  final int systemIndex;
  final String operation;
  final int operationIndex;
  final String collection;
  /** Sanitized (literals replaced), or null when the statement's text is unknown. */
  final String queryText;

  /**
   * @param systemIndex and {@code operationIndex}: from {@link DbClientRecorder#systemIndex} and
   *     {@link DbClientRecorder#operationIndex}, resolved once by the module and cached
   * @param collection the table, or {@code _OTHER}
   */
  public DbStatement(String system, int systemIndex, String operation, int operationIndex, String collection,
      String queryText) {
    this.system = system;
    this.systemIndex = systemIndex;
    this.operation = operation;
    this.operationIndex = operationIndex;
    this.collection = collection;
    this.queryText = queryText;
  }

  /** A slow statement is a warning, failed or not. */
  @Override
  protected Level eventLevel() {
    return Level.WARN;
  }

  @Override
  public String name() {
    return Names.EVENT_DB_QUERY;
  }

  @Override
  public String message() {
    return "slow " + operation + " on " + collection + " took " + Math.round(durationNanos() / 1e6) + " ms";
  }

  @Override
  public void writeFields(JsonWriter out) {
    out.field(Names.DB_SYSTEM_NAME, system)
        .field(Names.DB_OPERATION_NAME, operation)
        .field(Names.DB_COLLECTION_NAME, collection)
        .field(Names.DB_QUERY_TEXT, queryText)
        .field(Names.DURATION_MS, durationNanos() / 1e6)
        .field(Names.ERROR_TYPE, errorTypeLabel());
  }
}
