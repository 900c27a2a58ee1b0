package io.lantern.agent.http;

import io.lantern.agent.Names;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.JsonWriter;
import io.lantern.agent.log.Level;
import io.lantern.agent.metrics.HttpMethods;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.prometheus.client.Gauge;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One inbound HTTP request from start to end. It is also its own {@code http_request} event: once
 * ended it is handed to the event log as is, so a request costs one object here, not two.
 */
public final class ServerRequest implements Event {
  private static final AtomicIntegerFieldUpdater<ServerRequest> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(ServerRequest.class, "ended");

  final int methodIndex;
  final boolean https;
  final String path;
  final String tenant;
  final String requestId;
  final SpanContext span;
  final String parentSpanId;
  final long startNanos;
  final Gauge.Child active;
  Scope scope;

  // Written once by end(), read by the event writer thread after the queue hand-off.
  String route;
  int status;
  String errorType;
  long durationNanos;
  long endEpochMicros;
  Level level;
  int dbCount;
  long dbDurationNanos;
  private volatile int ended;

  ServerRequest(int methodIndex, boolean https, String path, String tenant, String requestId,
      SpanContext span, String parentSpanId, long startNanos, Gauge.Child active) {
    this.methodIndex = methodIndex;
    this.https = https;
    this.path = path;
    this.tenant = tenant;
    this.requestId = requestId;
    this.span = span;
    this.parentSpanId = parentSpanId;
    this.startNanos = startNanos;
    this.active = active;
  }

  /** True for exactly one caller: a request is recorded once however many ways it ends. */
  boolean markEnded() {
    return ENDED.compareAndSet(this, 0, 1);
  }

  public SpanContext span() {
    return span;
  }

  @Override
  public String name() {
    return Names.EVENT_HTTP_REQUEST;
  }

  @Override
  public Level level() {
    return level;
  }

  @Override
  public long epochMicros() {
    return endEpochMicros;
  }

  @Override
  public String message() {
    return HttpMethods.label(methodIndex) + " " + route + " " + status;
  }

  @Override
  public String traceId() {
    return span.getTraceId();
  }

  @Override
  public String spanId() {
    return span.getSpanId();
  }

  @Override
  public String traceFlags() {
    return span.getTraceFlags().asHex();
  }

  @Override
  public void writeFields(JsonWriter out) {
    out.field(Names.HTTP_REQUEST_METHOD, HttpMethods.label(methodIndex))
        .field(Names.HTTP_ROUTE, route)
        .field(Names.URL_PATH, path)
        .field(Names.URL_SCHEME, https ? "https" : "http")
        .field(Names.HTTP_RESPONSE_STATUS_CODE, status)
        .field(Names.DURATION_MS, durationNanos / 1e6)
        .field(Names.DB_COUNT, dbCount)
        .field(Names.DB_DURATION_MS, dbDurationNanos / 1e6)
        .field(Names.ERROR_TYPE, errorType)
        .field(Names.TENANT, tenant)
        .field(Names.REQUEST_ID, requestId)
        .field(Names.PARENT_SPAN_ID, parentSpanId);
  }
}
