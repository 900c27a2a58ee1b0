package io.lantern.agent.trace.export;

import io.lantern.agent.Names;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.JsonWriter;
import io.lantern.agent.log.Level;
import io.lantern.agent.trace.LanternSpan;

/**
 * An ended span as a {@code span} event ({@code lantern.traces.exporter=log}): its ids as the
 * common {@code trace_id}/{@code span_id}/{@code trace_flags}, then {@code parent_span_id},
 * {@code name}, {@code kind}, {@code duration_ms}, {@code status} ({@code ERROR} or {@code UNSET}),
 * {@code error_type} when failed, and {@code attributes} (semantic-convention keys) as an object.
 */
final class SpanEvent implements Event {
  private final LanternSpan span;

  SpanEvent(LanternSpan span) {
    this.span = span;
  }

  @Override
  public String name() {
    return Names.EVENT_SPAN;
  }

  @Override
  public Level level() {
    return Level.INFO;
  }

  @Override
  public long epochMicros() {
    return span.endEpochNanos() / 1000;
  }

  @Override
  public String message() {
    return span.spanName();
  }

  @Override
  public LanternSpan span() {
    return span;
  }

  @Override
  public void writeFields(JsonWriter out) {
    out.field(Names.PARENT_SPAN_ID, span.parentSpanIdHex())
        .field(Names.SPAN_NAME, span.spanName())
        .field(Names.SPAN_KIND, String.valueOf(span.kind()))
        .field(Names.DURATION_MS, (span.endEpochNanos() - span.startEpochNanos()) / 1e6)
        .field(Names.SPAN_STATUS, span.errorType() != null ? "ERROR" : "UNSET")
        .field(Names.ERROR_TYPE, span.errorType());
    int n = span.attributeCount();
    if (n > 0) {
      out.beginObject(Names.SPAN_ATTRIBUTES);
      for (int i = 0; i < n; i++) {
        String key = span.attributeKey(i);
        Object value = span.attributeValue(i);
        if (value instanceof String) {
          out.field(key, (String) value);
        } else if (value instanceof Long || value instanceof Integer) {
          out.field(key, ((Number) value).longValue());
        } else if (value instanceof Number) {
          out.field(key, ((Number) value).doubleValue());
        } else if (value instanceof Boolean) {
          out.field(key, (Boolean) value);
        } else if (value != null) {
          out.field(key, String.valueOf(value));
        }
      }
      out.endObject();
    }
  }
}
