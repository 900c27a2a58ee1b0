package io.lantern.agent.log.export;

import io.lantern.agent.Names;
import io.lantern.agent.log.AttributesWriter;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.Level;
import io.lantern.agent.trace.LanternSpan;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.Body;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;

/**
 * One {@link Event} as an OTLP log record, built on the exporter thread from the event's accessors
 * and fields (not from its JSON line): timestamp = the event's time, observed timestamp = when the
 * exporter took it; severity from the level ({@code DEBUG} 5, {@code INFO} 9, {@code WARN} 13,
 * {@code ERROR} 17, text = the level's name); body = the message, or the event name when the
 * message is empty; attributes = {@code event.name} plus the event's own fields (nested objects
 * flattened with a dot); trace and span ids when the event belongs to a span.
 */
final class EventLogRecord implements LogRecordData {
  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final long epochNanos;
  private final long observedNanos;
  private final Level level;
  private final Body body;
  private final Attributes attributes;
  private final SpanContext spanContext;

  EventLogRecord(Event event, Resource resource, InstrumentationScopeInfo scope, AttributesWriter fields,
      long observedNanos) {
    this.resource = resource;
    this.scope = scope;
    this.observedNanos = observedNanos;
    String name = event.name();
    Level l = event.level();
    this.level = l == null ? Level.INFO : l;
    this.epochNanos = event.epochMicros() * 1000L;
    String message = event.message();
    this.body = Body.string(message == null || message.isEmpty() ? (name == null ? "" : name) : message);
    AttributesBuilder b = Attributes.builder();
    if (name != null) {
      b.put(Names.ATTR_EVENT_NAME, name);
    }
    try {
      event.writeFields(fields.reset(b));
    } catch (Throwable ignored) {
      // a broken event still gives its record, with what was collected
    }
    this.attributes = b.build();
    LanternSpan span = event.span();
    this.spanContext = span == null ? SpanContext.getInvalid()
        : SpanContext.create(span.traceIdHex(), span.spanIdHex(), TraceFlags.fromByte(span.traceFlags()),
            TraceState.getDefault());
  }

  static Severity severity(Level level) {
    switch (level) {
      case TRACE:
        return Severity.TRACE;
      case DEBUG:
        return Severity.DEBUG;
      case WARN:
        return Severity.WARN;
      case ERROR:
        return Severity.ERROR;
      default:
        return Severity.INFO;
    }
  }

  @Override
  public Resource getResource() {
    return resource;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public long getTimestampEpochNanos() {
    return epochNanos;
  }

  @Override
  public long getObservedTimestampEpochNanos() {
    return observedNanos;
  }

  @Override
  public SpanContext getSpanContext() {
    return spanContext;
  }

  @Override
  public Severity getSeverity() {
    return severity(level);
  }

  @Override
  public String getSeverityText() {
    return level.name();
  }

  @Override
  @SuppressWarnings("deprecation")
  public Body getBody() {
    return body;
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes.size();
  }
}
