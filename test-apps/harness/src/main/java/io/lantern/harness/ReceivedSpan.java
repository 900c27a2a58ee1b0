package io.lantern.harness;

import java.util.Map;

/**
 * One span as an OTLP collector received it, decoded from {@code ExportTraceServiceRequest}:
 * ids as lowercase hex ({@code parentSpanId} empty for a root), {@code kind} as the proto enum's
 * short name ({@code SERVER}, {@code CLIENT}, {@code INTERNAL}, ...), {@code status} as
 * {@code UNSET}/{@code OK}/{@code ERROR}, attributes with String, Long, Double or Boolean values,
 * and the resource and scope it came with.
 */
public record ReceivedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    boolean parentIsRemote,
    String name,
    String kind,
    String status,
    String traceState,
    int flags,
    long startEpochNanos,
    long endEpochNanos,
    Map<String, Object> attributes,
    Map<String, Object> resource,
    String scopeName,
    String scopeVersion) {

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  public Object attribute(String key) {
    return attributes.get(key);
  }

  public String stringAttribute(String key) {
    Object value = attributes.get(key);
    return value == null ? null : value.toString();
  }

  @Override
  public String toString() {
    return kind + " '" + name + "' trace=" + traceId + " span=" + spanId + " parent=" + (parentSpanId.isEmpty() ? "-" : parentSpanId)
        + (parentIsRemote ? "(remote)" : "") + " status=" + status + " " + attributes;
  }
}
