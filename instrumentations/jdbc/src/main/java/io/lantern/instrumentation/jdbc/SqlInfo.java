package io.lantern.instrumentation.jdbc;

import io.lantern.agent.db.DbClientRecorder;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/** A statement's sanitized text and summary; immutable, shared through {@link SqlCache}. */
public final class SqlInfo {
  static final String OTHER = "_OTHER";

  /** Verbs kept as {@code db_operation_name}; any other first word is {@code _OTHER} (bounded). */
  static final Set<String> OPERATIONS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
      "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "CALL", "EXEC", "EXECUTE",
      "VALUES", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "SHOW", "SET", "USE", "EXPLAIN",
      "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "LOCK", "COPY", "DO", "DECLARE", "FETCH",
      "CLOSE", "PREPARE", "DEALLOCATE", "ANALYZE", "VACUUM", "COMMENT", "RENAME", "DESCRIBE", "DESC", "PRAGMA")));
  /** Verbs that may follow a {@code WITH} clause. */
  static final Set<String> WITH_VERBS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
      "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE")));

  final String text;
  final String operation;
  final String batchOperation;
  final String collection;
  // Metric indexes of the operation names, resolved once (a racy but idempotent cache).
  private int operationIndex = -1;
  private int batchOperationIndex = -1;

  SqlInfo(String text, String operation, String collection) {
    this.text = text;
    this.operation = operation;
    this.batchOperation = "BATCH " + operation;
    this.collection = collection;
  }

  int operationIndex(DbClientRecorder recorder) {
    int index = operationIndex;
    if (index < 0) {
      index = operationIndex = recorder.operationIndex(operation);
    }
    return index;
  }

  int batchOperationIndex(DbClientRecorder recorder) {
    int index = batchOperationIndex;
    if (index < 0) {
      index = batchOperationIndex = recorder.operationIndex(batchOperation);
    }
    return index;
  }

  public String text() { return text; }
  public String operation() { return operation; }
  public String batchOperation() { return batchOperation; }
  public String collection() { return collection; }

  @Override
  public String toString() {
    return operation + " " + collection + ": " + text;
  }
}
