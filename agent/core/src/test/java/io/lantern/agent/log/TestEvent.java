package io.lantern.agent.log;

import java.util.function.Consumer;

/** A hand-built event for tests. */
class TestEvent implements Event {
  final String name;
  final Level level;
  final long micros;
  final String message;
  final String traceId;
  final String spanId;
  final String flags;
  final Consumer<JsonWriter> fields;

  TestEvent(String name, Level level, long micros, String message, String traceId, String spanId, String flags,
      Consumer<JsonWriter> fields) {
    this.name = name;
    this.level = level;
    this.micros = micros;
    this.message = message;
    this.traceId = traceId;
    this.spanId = spanId;
    this.flags = flags;
    this.fields = fields;
  }

  static TestEvent of(String name, Level level, Consumer<JsonWriter> fields) {
    return new TestEvent(name, level, EventLog.currentEpochMicros(), "msg", null, null, null, fields);
  }

  @Override public String name() { return name; }
  @Override public Level level() { return level; }
  @Override public long epochMicros() { return micros; }
  @Override public String message() { return message; }
  @Override public String traceId() { return traceId; }
  @Override public String spanId() { return spanId; }
  @Override public String traceFlags() { return flags; }
  @Override public void writeFields(JsonWriter out) { if (fields != null) fields.accept(out); }
}
