package io.lantern.agent.log;

import io.lantern.agent.trace.LanternSpan;
import java.util.function.Consumer;

/** A hand-built event for tests. */
class TestEvent implements Event {
  final String name;
  final Level level;
  final long micros;
  final String message;
  final LanternSpan span;
  final Consumer<JsonWriter> fields;

  TestEvent(String name, Level level, long micros, String message, LanternSpan span, Consumer<JsonWriter> fields) {
    this.name = name;
    this.level = level;
    this.micros = micros;
    this.message = message;
    this.span = span;
    this.fields = fields;
  }

  static TestEvent of(String name, Level level, Consumer<JsonWriter> fields) {
    return new TestEvent(name, level, EventLog.currentEpochMicros(), "msg", null, fields);
  }

  @Override public String name() { return name; }
  @Override public Level level() { return level; }
  @Override public long epochMicros() { return micros; }
  @Override public String message() { return message; }
  @Override public LanternSpan span() { return span; }
  @Override public void writeFields(JsonWriter out) { if (fields != null) fields.accept(out); }
}
