package io.lantern.agent.trace;

import io.lantern.agent.Names;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One span: W3C ids kept as longs, so starting a span costs this one object and no strings; the
 * hex forms are built only when something prints them (the event writer, an exemplar, an outbound
 * header). Attributes, name changes and status are kept only while {@link #isRecording() recording}
 * (sampled and an exporter is on), so the metrics-only path never fills them.
 *
 * <p>Instrumentations that already keep an object per operation extend this class (an inbound
 * request is its own server span) and are started by {@link Tracing#startServerSpan} or {@link
 * Tracing#startSpan(LanternSpan, Kind, String)}; others get a plain span from {@link
 * Tracing#startSpan(Kind, String)}.
 */
public class LanternSpan {
  private static final AtomicLongFieldUpdater<LanternSpan> END_NANOS =
      AtomicLongFieldUpdater.newUpdater(LanternSpan.class, "endNanos");

  public enum Kind { SERVER, CLIENT, INTERNAL, PRODUCER, CONSUMER }

  static final byte SAMPLED = 0x01;

  long traceIdHigh;
  long traceIdLow;
  long spanId;
  /** The parent's span id, 0 for a root. */
  long parentSpanId;
  /** True when the parent came from an inbound {@code traceparent} (another process). */
  boolean remoteParent;
  byte traceFlags;
  /** The inbound {@code tracestate}, passed on unchanged; null when there was none. */
  String traceState;
  /** The span this process started its part of the trace with (itself for a root or a server span). */
  LanternSpan localRoot;
  Kind kind;
  String name;
  long startNanos;
  /** 0 while running; set once (compare-and-set), so it also says whether the span ended. */
  volatile long endNanos;
  boolean recording;
  Tracing tracing;
  private Object[] attributes;
  private int attributeCount;
  private String errorType;

  public boolean isSampled() {
    return (traceFlags & SAMPLED) != 0;
  }

  /** Sampled and an exporter is on: only then are attributes worth setting. */
  public boolean isRecording() {
    return recording;
  }

  public long traceIdHigh() {
    return traceIdHigh;
  }

  public long traceIdLow() {
    return traceIdLow;
  }

  public long spanId() {
    return spanId;
  }

  public long parentSpanId() {
    return parentSpanId;
  }

  public boolean hasRemoteParent() {
    return remoteParent;
  }

  public byte traceFlags() {
    return traceFlags;
  }

  public String traceIdHex() {
    char[] hex = new char[32];
    Hex.write(traceIdHigh, hex, 0);
    Hex.write(traceIdLow, hex, 16);
    return new String(hex);
  }

  public String spanIdHex() {
    return Hex.toString(spanId);
  }

  /** The parent's span id in hex, or null for a root. */
  public String parentSpanIdHex() {
    return parentSpanId == 0 ? null : Hex.toString(parentSpanId);
  }

  public String traceFlagsHex() {
    return Hex.byteToString(traceFlags);
  }

  /** Appends the 32 hex digits of the trace id (for writers that avoid building strings). */
  public void appendTraceIdHex(StringBuilder into) {
    Hex.append(traceIdHigh, into);
    Hex.append(traceIdLow, into);
  }

  public void appendSpanIdHex(StringBuilder into) {
    Hex.append(spanId, into);
  }

  public void appendTraceFlagsHex(StringBuilder into) {
    into.append(Hex.digit(traceFlags >> 4)).append(Hex.digit(traceFlags));
  }

  /** The W3C {@code traceparent} naming this span as the parent, for an outbound request. */
  public String traceparent() {
    char[] header = new char[55];
    header[0] = '0';
    header[1] = '0';
    header[2] = '-';
    Hex.write(traceIdHigh, header, 3);
    Hex.write(traceIdLow, header, 19);
    header[35] = '-';
    Hex.write(spanId, header, 36);
    header[52] = '-';
    header[53] = Hex.digit(traceFlags >> 4);
    header[54] = Hex.digit(traceFlags);
    return new String(header);
  }

  /** The inbound {@code tracestate} to pass on, or null. */
  public String tracestate() {
    return traceState;
  }

  public LanternSpan localRoot() {
    return localRoot;
  }

  public Kind kind() {
    return kind;
  }

  public String spanName() {
    return name;
  }

  /** Renames the span (a server span learns its route at the end); ignored unless recording. */
  public void setName(String name) {
    if (recording) {
      this.name = name;
    }
  }

  public void setAttribute(String key, String value) {
    if (recording && value != null) {
      put(key, value);
    }
  }

  public void setAttribute(String key, long value) {
    if (recording) {
      put(key, value);
    }
  }

  public void setAttribute(String key, double value) {
    if (recording) {
      put(key, value);
    }
  }

  public void setAttribute(String key, boolean value) {
    if (recording) {
      put(key, value);
    }
  }

  /** Marks the span failed (status ERROR) with the {@code error.type} it reports. */
  public void setError(String errorType) {
    if (recording && errorType != null) {
      this.errorType = errorType;
      put(Names.SPAN_ERROR_TYPE, errorType);
    }
  }

  /** The error type when the span failed, else null. */
  public String errorType() {
    return errorType;
  }

  public int attributeCount() {
    return attributeCount;
  }

  public String attributeKey(int index) {
    return (String) attributes[2 * index];
  }

  /** A String, Long, Double or Boolean. */
  public Object attributeValue(int index) {
    return attributes[2 * index + 1];
  }

  /** The value of the attribute named {@code key} (the first one set), or null (readers, tests). */
  public Object attribute(String key) {
    for (int i = 0; i < attributeCount; i++) {
      if (attributes[2 * i].equals(key)) {
        return attributes[2 * i + 1];
      }
    }
    return null;
  }

  public long startEpochNanos() {
    return tracing.epochNanos(startNanos);
  }

  /** 0 until the span ended. */
  public long endEpochNanos() {
    return endNanos == 0 ? 0 : tracing.epochNanos(endNanos);
  }

  /**
   * Stops the span's clock now unless it was stopped, before {@link Tracing#end} (which then keeps
   * this time): an operation measures its duration when it ends, ahead of its listeners. True for
   * the one caller that stopped it, whatever the thread: the clock is the operation's "ended" flag,
   * so an operation needs no field of its own for that.
   */
  protected final boolean stopClockOnce() {
    long now = System.nanoTime();
    return END_NANOS.compareAndSet(this, 0, now == 0 ? 1 : now);
  }

  /** Whether the clock was stopped (the span ended). */
  protected final boolean isClockStopped() {
    return endNanos != 0;
  }

  /** Nanoseconds from start to {@link #stopClockOnce()} or the end; 0 while running. */
  public final long durationNanos() {
    return endNanos == 0 ? 0 : endNanos - startNanos;
  }

  /** {@link System#nanoTime()} when the span started. */
  public long startNanos() {
    return startNanos;
  }

  private void put(String key, Object value) {
    for (int i = 0; i < attributeCount; i++) {
      if (attributes[2 * i].equals(key)) {
        attributes[2 * i + 1] = value;
        return;
      }
    }
    if (attributes == null) {
      attributes = new Object[16];
    } else if (2 * attributeCount == attributes.length) {
      attributes = Arrays.copyOf(attributes, attributes.length * 2);
    }
    attributes[2 * attributeCount] = key;
    attributes[2 * attributeCount + 1] = value;
    attributeCount++;
  }
}
