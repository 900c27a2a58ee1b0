package io.lantern.agent.trace.export;

import io.lantern.agent.trace.LanternSpan;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.Collections;
import java.util.List;

/**
 * One ended {@link LanternSpan} seen as the OpenTelemetry SDK's {@link SpanData}, for the OTLP
 * exporter. Built on the exporter thread, after the span was handed over, so reading the span's
 * plain fields is safe. Ids, kind, parent (with its remote flag), times, attributes, status
 * ({@code ERROR} when the span has an error type) and the inbound {@code tracestate} are carried.
 */
final class LanternSpanData implements SpanData {
  private final LanternSpan span;
  private final SpanContext context;
  private final SpanContext parent;
  private final Attributes attributes;
  private final Resource resource;
  private final InstrumentationScopeInfo scope;

  LanternSpanData(LanternSpan span, Resource resource, InstrumentationScopeInfo scope) {
    this.span = span;
    this.resource = resource;
    this.scope = scope;
    String traceId = span.traceIdHex();
    TraceFlags flags = TraceFlags.fromByte(span.traceFlags());
    TraceState state = traceState(span.tracestate());
    this.context = SpanContext.create(traceId, span.spanIdHex(), flags, state);
    String parentId = span.parentSpanIdHex();
    if (parentId == null) {
      this.parent = SpanContext.getInvalid();
    } else if (span.hasRemoteParent()) {
      this.parent = SpanContext.createFromRemoteParent(traceId, parentId, flags, state);
    } else {
      this.parent = SpanContext.create(traceId, parentId, flags, state);
    }
    this.attributes = attributes(span);
  }

  /** A W3C {@code tracestate} header value as the SDK's TraceState; malformed members are skipped. */
  static TraceState traceState(String header) {
    if (header == null || header.isEmpty()) {
      return TraceState.getDefault();
    }
    String[] members = header.split(",");
    TraceStateBuilder builder = TraceState.builder();
    // The builder puts each new key first, so adding from the last member keeps the header's order.
    for (int i = members.length - 1; i >= 0; i--) {
      String member = members[i].trim();
      int eq = member.indexOf('=');
      if (eq > 0 && eq < member.length() - 1) {
        builder.put(member.substring(0, eq), member.substring(eq + 1));
      }
    }
    return builder.build();
  }

  private static Attributes attributes(LanternSpan span) {
    int n = span.attributeCount();
    if (n == 0) {
      return Attributes.empty();
    }
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < n; i++) {
      String key = span.attributeKey(i);
      Object value = span.attributeValue(i);
      if (value instanceof String) {
        builder.put(key, (String) value);
      } else if (value instanceof Long) {
        builder.put(key, (Long) value);
      } else if (value instanceof Double) {
        builder.put(key, (Double) value);
      } else if (value instanceof Boolean) {
        builder.put(key, (Boolean) value);
      } else if (value != null) {
        builder.put(key, String.valueOf(value));
      }
    }
    return builder.build();
  }

  static SpanKind kind(LanternSpan.Kind kind) {
    if (kind == null) {
      return SpanKind.INTERNAL;
    }
    switch (kind) {
      case SERVER:
        return SpanKind.SERVER;
      case CLIENT:
        return SpanKind.CLIENT;
      case PRODUCER:
        return SpanKind.PRODUCER;
      case CONSUMER:
        return SpanKind.CONSUMER;
      default:
        return SpanKind.INTERNAL;
    }
  }

  @Override
  public String getName() {
    String name = span.spanName();
    return name == null ? "" : name;
  }

  @Override
  public SpanKind getKind() {
    return kind(span.kind());
  }

  @Override
  public SpanContext getSpanContext() {
    return context;
  }

  @Override
  public SpanContext getParentSpanContext() {
    return parent;
  }

  @Override
  public StatusData getStatus() {
    return span.errorType() != null ? StatusData.error() : StatusData.unset();
  }

  @Override
  public long getStartEpochNanos() {
    return span.startEpochNanos();
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public List<EventData> getEvents() {
    return Collections.emptyList();
  }

  @Override
  public List<LinkData> getLinks() {
    return Collections.emptyList();
  }

  @Override
  public long getEndEpochNanos() {
    return span.endEpochNanos();
  }

  @Override
  public boolean hasEnded() {
    return true;
  }

  @Override
  public int getTotalRecordedEvents() {
    return 0;
  }

  @Override
  public int getTotalRecordedLinks() {
    return 0;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributes.size();
  }

  @Override
  @SuppressWarnings("deprecation")
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion());
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public Resource getResource() {
    return resource;
  }
}
