package io.lantern.agent.log;

import io.lantern.agent.trace.LanternSpan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * A generic event for rare agent-internal events ({@code agent_start}, {@code config_warning},
 * {@code metrics_listen}, ...). Hot events implement {@link Event} directly instead.
 *
 * <pre>{@code
 * log.emit(FieldsEvent.of(Names.EVENT_METRICS_LISTEN, Level.INFO, "metrics on 0.0.0.0:9464")
 *     .with(Names.ADDRESS, "0.0.0.0:9464"));
 * }</pre>
 *
 * <p>{@link #with} adds to this instance and returns it (a builder, not a copy); do not call it
 * after the event was emitted. The time is taken by {@link #of}.
 */
public final class FieldsEvent implements Event {
  private final String name;
  private final Level level;
  private final String message;
  private final long epochMicros;
  private LanternSpan span;
  private String[] keys = new String[4];
  private Object[] values = new Object[4];
  private int size;

  private FieldsEvent(String name, Level level, String message, long epochMicros) {
    this.name = name;
    this.level = level;
    this.message = message;
    this.epochMicros = epochMicros;
  }

  /** An event happening now. */
  public static FieldsEvent of(String name, Level level, String message) {
    return new FieldsEvent(name, level, message, EventLog.currentEpochMicros());
  }

  /**
   * Adds a field. String, Boolean, Number (integral types as integers, others as decimals) and
   * List (a JSON array of strings) are written as such, anything else as its {@code toString()};
   * a null value omits the field. Returns this.
   */
  public FieldsEvent with(String key, Object value) {
    if (key == null) {
      return this;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    keys[size] = key;
    values[size] = value;
    size++;
    return this;
  }

  /** Names the span the event belongs to (null: none). Returns this. */
  public FieldsEvent withTrace(LanternSpan span) {
    this.span = span;
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Level level() {
    return level;
  }

  @Override
  public long epochMicros() {
    return epochMicros;
  }

  @Override
  public String message() {
    return message;
  }

  @Override
  public LanternSpan span() {
    return span;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void writeFields(JsonWriter out) {
    for (int i = 0; i < size; i++) {
      String k = keys[i];
      Object v = values[i];
      if (v == null) {
        continue;
      }
      if (v instanceof String) {
        out.field(k, (String) v);
      } else if (v instanceof Boolean) {
        out.field(k, ((Boolean) v).booleanValue());
      } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
        out.field(k, ((Number) v).doubleValue());
      } else if (v instanceof Number && !(v instanceof BigInteger)) {
        out.field(k, ((Number) v).longValue());
      } else if (v instanceof List) {
        out.field(k, (List<String>) v); // non-string elements are written via toString()
      } else {
        out.field(k, String.valueOf(v));
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("FieldsEvent{").append(name).append(' ').append(level);
    for (int i = 0; i < size; i++) {
      b.append(", ").append(keys[i]).append('=').append(values[i]);
    }
    return b.append('}').toString();
  }
}
