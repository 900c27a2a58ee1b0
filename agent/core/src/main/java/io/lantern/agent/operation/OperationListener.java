package io.lantern.agent.operation;

/**
 * What a domain does when its operations start and end: record a metric, describe the span, write
 * the event, add to the enclosing request's aggregates. Listeners run on the thread that starts or
 * ends the operation, with the operation current, and must not throw (the {@link Instrumenter}
 * reports what they throw and goes on with the next one).
 */
public interface OperationListener<O extends Operation> {
  /** After the span started, before the operation becomes current. */
  default void onStart(O operation) {}

  /** Once, after {@code durationNanos} and the error type are set and before the span ends. */
  void onEnd(O operation);
}
