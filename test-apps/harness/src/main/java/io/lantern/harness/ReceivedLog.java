package io.lantern.harness;

import java.util.Map;

/**
 * One OTLP log record as {@link OtlpReceiver} decoded it: ids in lower-case hex (empty when absent),
 * attributes with their OTLP types (string, long, double, boolean, list).
 */
public record ReceivedLog(
    long timeUnixNano,
    long observedTimeUnixNano,
    int severityNumber,
    String severityText,
    Object body,
    Map<String, Object> attributes,
    String traceId,
    String spanId,
    int flags,
    Map<String, Object> resource,
    String scopeName) {

  public Object attribute(String key) {
    return attributes.get(key);
  }

  /** The {@code event.name} attribute: which Lantern event (or {@code log}) this record is. */
  public String eventName() {
    return (String) attributes.get("event.name");
  }
}
