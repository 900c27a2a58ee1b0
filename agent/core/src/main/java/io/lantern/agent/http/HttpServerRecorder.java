package io.lantern.agent.http;

import io.lantern.agent.Names;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.Level;
import io.lantern.agent.metrics.HttpMethods;
import io.lantern.agent.metrics.HttpServerMetrics;
import io.lantern.agent.metrics.StatusCodes;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
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
    ServerRequest request =
        new ServerRequest(methodIndex, https, path, tenant, truncate(requestId), metrics.activeRequests(methodIndex, https));
    tracing.startServerSpan(request, HttpMethods.label(methodIndex), traceparent, tracestate);
    request.active.inc();
    request.replacedCurrent = Tracing.makeCurrent(request);
    request.attached = true;
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
    request.durationNanos = System.nanoTime() - request.startNanos();
    request.route = route == null ? Names.OTHER : route;
    request.status = status;
    request.errorType = thrown != null ? thrown.getClass().getName() : status >= 500 ? StatusCodes.label(status) : null;
    request.active.dec();
    recordDuration(request);
    emitRepeatedStatements(request);
    if (request.isRecording()) {
      describeSpan(request);
    }
    tracing.end(request);
    request.level = status >= 500 || thrown != null ? Level.ERROR : Level.INFO;
    if (events.isEnabled(request.level)) {
      Instant now = Instant.now();
      request.endEpochMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
      events.emit(request);
    }
  }

  /** Stops the request being current on the thread that started it; it may still be in flight (async). */
  public void detach(ServerRequest request) {
    if (request.attached) {
      request.attached = false;
      Tracing.restore(request.replacedCurrent);
      request.replacedCurrent = null;
    }
  }

  /** Semantic-convention name and attributes, for an exported server span only. */
  private static void describeSpan(ServerRequest request) {
    String method = HttpMethods.label(request.methodIndex);
    request.setName(method + " " + request.route);
    request.setAttribute(Names.SPAN_HTTP_REQUEST_METHOD, method);
    request.setAttribute(Names.SPAN_HTTP_ROUTE, request.route);
    request.setAttribute(Names.SPAN_URL_PATH, request.path);
    request.setAttribute(Names.SPAN_URL_SCHEME, request.https ? "https" : "http");
    request.setAttribute(Names.SPAN_HTTP_RESPONSE_STATUS_CODE, request.status);
    request.setError(request.errorType);
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
    for (Map.Entry<String, Integer> entry : repeated.entrySet()) {
      events.emit(
          FieldsEvent.of(Names.EVENT_DB_REPEATED_QUERY, Level.WARN,
                  "statement ran " + entry.getValue() + " times in one request to " + request.route)
              .withTrace(request)
              .with(Names.DB_QUERY_TEXT, entry.getKey())
              .with(Names.COUNT, entry.getValue())
              .with(Names.HTTP_ROUTE, request.route));
    }
  }

  private void recordDuration(ServerRequest request) {
    double seconds = request.durationNanos / 1e9;
    // Ended on another thread (async), the request is made current there so the exemplar names it.
    LanternSpan replaced = Tracing.makeCurrent(request);
    try {
      metrics.recordDuration(request.methodIndex, request.route, request.status, request.https, request.errorType, seconds);
    } finally {
      Tracing.restore(replaced);
    }
  }

  private static String truncate(String value) {
    return value == null || value.length() <= MAX_REQUEST_ID_LENGTH ? value : value.substring(0, MAX_REQUEST_ID_LENGTH);
  }
}
