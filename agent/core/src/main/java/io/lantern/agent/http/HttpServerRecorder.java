package io.lantern.agent.http;

import io.lantern.agent.Names;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.Level;
import io.lantern.agent.metrics.HttpMethods;
import io.lantern.agent.metrics.HttpServerMetrics;
import io.lantern.agent.metrics.StatusCodes;
import io.lantern.agent.trace.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.Map;

/**
 * What every HTTP server instrumentation does with a request, whatever the server: start a span
 * (continuing an inbound {@code traceparent}), count it active, and at the end record the duration
 * histogram and the {@code http_request} event. Instrumentations only extract strings from their
 * server's request/response objects and call in here.
 */
public final class HttpServerRecorder {
  static final int MAX_REQUEST_ID_LENGTH = 128;

  private final HttpServerMetrics metrics;
  private final Tracing tracing;
  private final EventLog events;
  private final String tenantHeader;
  private final int repeatedQueryThreshold;

  public HttpServerRecorder(HttpServerMetrics metrics, Tracing tracing, EventLog events, String tenantHeader) {
    this(metrics, tracing, events, tenantHeader, 10);
  }

  /** @param repeatedQueryThreshold {@code lantern.jdbc.repeated-query-threshold} (the config allows 2 and up) */
  public HttpServerRecorder(HttpServerMetrics metrics, Tracing tracing, EventLog events, String tenantHeader,
      int repeatedQueryThreshold) {
    this.metrics = metrics;
    this.tracing = tracing;
    this.events = events;
    this.tenantHeader = tenantHeader;
    this.repeatedQueryThreshold = repeatedQueryThreshold;
  }

  /** The request header naming the tenant ({@code lantern.http.server.tenant-header}), or null. */
  public String tenantHeader() {
    return tenantHeader;
  }

  /** Starts recording and makes the request's span current on this thread until {@link #detach}. */
  public ServerRequest start(String method, String scheme, String path, String traceparent, String tracestate,
      String tenant, String requestId) {
    int methodIndex = HttpMethods.index(method);
    boolean https = HttpServerMetrics.isHttps(scheme);
    SpanContext span = tracing.startServerSpan(traceparent, tracestate);
    String parentSpanId = traceparent == null ? null : parentSpanId(traceparent, span);
    ServerRequest request =
        new ServerRequest(methodIndex, https, path, tenant, truncate(requestId), span, parentSpanId, System.nanoTime(),
            metrics.activeRequests(methodIndex, https));
    request.active.inc();
    request.scope = Context.current().with(Span.wrap(span)).with(ServerRequest.KEY, request).makeCurrent();
    return request;
  }

  /**
   * Records the request once: later calls for the same request do nothing. May run on another
   * thread than {@link #start} (async servlets).
   *
   * @param route the route template, or null when none is known
   * @param thrown the exception the application's handler threw, or null
   */
  public void end(ServerRequest request, String route, int status, Throwable thrown) {
    if (!request.markEnded()) {
      return;
    }
    request.durationNanos = System.nanoTime() - request.startNanos;
    request.route = route == null ? Names.OTHER : route;
    request.status = status;
    request.errorType = thrown != null ? thrown.getClass().getName() : status >= 500 ? StatusCodes.label(status) : null;
    request.active.dec();
    recordDuration(request);
    emitRepeatedStatements(request);
    request.level = status >= 500 || thrown != null ? Level.ERROR : Level.INFO;
    if (events.isEnabled(request.level)) {
      Instant now = Instant.now();
      request.endEpochMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
      events.emit(request);
    }
  }

  /** Ends the span's scope on the thread that started it; the request may still be in flight (async). */
  public void detach(ServerRequest request) {
    Scope scope = request.scope;
    if (scope != null) {
      request.scope = null;
      scope.close();
    }
  }

  /**
   * The N+1 rule: one {@code db_repeated_query} per sanitized statement the request ran at least
   * {@code lantern.jdbc.repeated-query-threshold} times, with the final count and the route
   * (known only now).
   */
  private void emitRepeatedStatements(ServerRequest request) {
    Map<String, Integer> repeated = request.repeatedStatements(repeatedQueryThreshold);
    if (repeated == null || !events.isEnabled(Level.WARN)) {
      return;
    }
    SpanContext span = request.span;
    for (Map.Entry<String, Integer> entry : repeated.entrySet()) {
      events.emit(
          FieldsEvent.of(Names.EVENT_DB_REPEATED_QUERY, Level.WARN,
                  "statement ran " + entry.getValue() + " times in one request to " + request.route)
              .withTrace(span.getTraceId(), span.getSpanId(), span.getTraceFlags().asHex())
              .with(Names.DB_QUERY_TEXT, entry.getKey())
              .with(Names.COUNT, entry.getValue())
              .with(Names.HTTP_ROUTE, request.route));
    }
  }

  private void recordDuration(ServerRequest request) {
    double seconds = request.durationNanos / 1e9;
    if (Tracing.current() == request.span) {
      metrics.recordDuration(request.methodIndex, request.route, request.status, request.https, request.errorType, seconds);
      return;
    }
    // Ended on another thread (async): make the span current so the exemplar names it.
    try (Scope ignored = Context.root().with(Span.wrap(request.span)).makeCurrent()) {
      metrics.recordDuration(request.methodIndex, request.route, request.status, request.https, request.errorType, seconds);
    }
  }

  private static String parentSpanId(String traceparent, SpanContext span) {
    // Valid only when the propagator accepted the header: then the trace id was continued.
    if (traceparent.length() >= 52 && traceparent.regionMatches(3, span.getTraceId(), 0, 32)) {
      return traceparent.substring(36, 52);
    }
    return null;
  }

  private static String truncate(String value) {
    return value == null || value.length() <= MAX_REQUEST_ID_LENGTH ? value : value.substring(0, MAX_REQUEST_ID_LENGTH);
  }
}
