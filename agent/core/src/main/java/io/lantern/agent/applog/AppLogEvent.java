package io.lantern.agent.applog;

import io.lantern.agent.Names;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.JsonWriter;
import io.lantern.agent.log.Level;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.LogCorrelation;
import java.util.Arrays;
import java.util.Map;

/**
 * One application log record ({@code log} event). Everything that can change after the record was
 * logged (the logging framework reuses its event objects, the MDC moves on) is read on the logging
 * thread into plain fields; only the exception is kept as the object and formatted on the writer
 * thread (its stack trace no longer changes).
 */
public final class AppLogEvent implements Event {
  private final Level level;
  private final long epochMicros;
  private final String loggerName;
  private final String threadName;
  private final String message;
  private final Throwable thrown;
  private final int maxStackTrace;
  private final LanternSpan span;
  private final String tenant;
  private final String requestId;
  /** An unmodified snapshot of the record's MDC (the framework's own immutable copy, or a fresh one), or null. */
  private Map<String, ?> mdc;
  /** Key, value, key, value...: values are String, Number or Boolean. */
  private Object[] attributes;
  private int attributeCount;

  AppLogEvent(Level level, long epochMicros, String loggerName, String threadName, String message, Throwable thrown,
      int maxStackTrace, LanternSpan span, String tenant, String requestId) {
    this.level = level;
    this.epochMicros = epochMicros;
    this.loggerName = loggerName;
    this.threadName = threadName;
    this.message = message;
    this.thrown = thrown;
    this.maxStackTrace = maxStackTrace;
    this.span = span;
    this.tenant = tenant;
    this.requestId = requestId;
  }

  /**
   * The record's MDC / context data: a map no one changes any more (logback's per-event copy, or a
   * copy made now). Lantern's own trace keys in it are not repeated in {@code mdc}: they are the
   * line's {@code trace_id} and {@code span_id}.
   */
  public AppLogEvent mdc(Map<String, ?> snapshot) {
    this.mdc = snapshot == null || snapshot.isEmpty() ? null : snapshot;
    return this;
  }

  /** One structured key-value of the record; anything but a string, number or boolean is kept as its text now. */
  public AppLogEvent attribute(String key, Object value) {
    if (key == null) {
      return this;
    }
    if (attributes == null) {
      attributes = new Object[8];
    } else if (attributeCount * 2 == attributes.length) {
      attributes = Arrays.copyOf(attributes, attributes.length * 2);
    }
    attributes[attributeCount * 2] = key;
    attributes[attributeCount * 2 + 1] =
        value == null || value instanceof String || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
    attributeCount++;
    return this;
  }

  @Override
  public String name() {
    return Names.EVENT_LOG;
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

  public String loggerName() {
    return loggerName;
  }

  public String threadName() {
    return threadName;
  }

  public Throwable thrown() {
    return thrown;
  }

  @Override
  public void writeFields(JsonWriter out) {
    out.field(Names.LOGGER_NAME, loggerName == null ? "" : loggerName);
    out.field(Names.THREAD_NAME, threadName == null ? "" : threadName);
    if (thrown != null) {
      out.field(Names.EXCEPTION_TYPE, thrown.getClass().getName());
      out.field(Names.EXCEPTION_MESSAGE, exceptionMessage(thrown));
      out.field(Names.EXCEPTION_STACKTRACE, StackTraces.format(thrown, maxStackTrace));
    }
    writeMdc(out);
    if (attributeCount > 0) {
      out.beginObject(Names.ATTRIBUTES);
      for (int i = 0; i < attributeCount; i++) {
        String key = (String) attributes[i * 2];
        Object value = attributes[i * 2 + 1];
        if (value == null) {
          out.nullField(key);
        } else if (value instanceof Boolean) {
          out.field(key, ((Boolean) value).booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
          out.field(key, ((Number) value).doubleValue());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
          out.field(key, ((Number) value).longValue());
        } else {
          out.field(key, value.toString());
        }
      }
      out.endObject();
    }
    out.field(Names.TENANT, tenant);
    out.field(Names.REQUEST_ID, requestId);
  }

  private void writeMdc(JsonWriter out) {
    Map<String, ?> m = mdc;
    if (m == null) {
      return;
    }
    boolean open = false;
    for (Map.Entry<String, ?> e : m.entrySet()) {
      String key = e.getKey();
      if (key == null || e.getValue() == null || (span != null && isTraceKey(key))) {
        continue;
      }
      if (!open) {
        out.beginObject(Names.MDC);
        open = true;
      }
      out.field(key, String.valueOf(e.getValue()));
    }
    if (open) {
      out.endObject();
    }
  }

  private static boolean isTraceKey(String key) {
    for (String k : LogCorrelation.KEYS) {
      if (k.equals(key)) {
        return true;
      }
    }
    return false;
  }

  private static String exceptionMessage(Throwable t) {
    try {
      return t.getMessage();
    } catch (Throwable ignored) {
      return null;
    }
  }
}
