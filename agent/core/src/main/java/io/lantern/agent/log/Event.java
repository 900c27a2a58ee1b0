package io.lantern.agent.log;

import io.lantern.agent.trace.LanternSpan;

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

  /** The span the event belongs to (its ids become {@code trace_id}, {@code span_id}, {@code trace_flags}), or null. */
  default LanternSpan span() {
    return null;
  }

  /** Writes the event's own fields, e.g. {@code out.field("duration_ms", 12.5)}. Runs on the writer thread. */
  void writeFields(JsonWriter out);
}
