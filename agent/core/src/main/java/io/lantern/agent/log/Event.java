package io.lantern.agent.log;

/**
 * One structured event, handed to {@link EventLog#emit(Event)} on the request thread and turned
 * into one JSON line later, on the writer thread.
 *
 * <p>Hot events (one per request or statement) implement this interface directly with plain
 * fields; nothing is formatted or copied on the request thread. An event must not be mutated
 * after it was emitted: {@link #writeFields} runs later, on another thread.
 */
public interface Event {
  /** The {@code event} field, e.g. {@code "http_request"}. */
  String name();

  Level level();

  /** When it happened, microseconds since the epoch (see {@link EventLog#currentEpochMicros()}). */
  long epochMicros();

  /** Short human text. */
  String message();

  /** Lowercase hex trace id, or null when no trace is current. */
  default String traceId() {
    return null;
  }

  /** Lowercase hex span id, or null. */
  default String spanId() {
    return null;
  }

  /** {@code "01"} / {@code "00"}, or null. */
  default String traceFlags() {
    return null;
  }

  /** Writes the event's own fields, e.g. {@code out.field("duration_ms", 12.5)}. Runs on the writer thread. */
  void writeFields(JsonWriter out);
}
