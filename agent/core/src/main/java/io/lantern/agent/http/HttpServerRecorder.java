package io.lantern.agent.http;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.HttpMethods;
import io.lantern.agent.metrics.HttpServerMetrics;
import io.lantern.agent.operation.EventListener;
import io.lantern.agent.operation.Instrumenter;
import io.lantern.agent.operation.OperationListener;
import io.lantern.agent.operation.RequestListeners;
import io.lantern.agent.trace.Tracing;

/**
 * The HTTP server domain, whatever the server: a request starts from what a {@link
 * HttpServerGetter} reads (continuing an inbound {@code traceparent}), is counted active, and ends
 * with its route and status: the duration histogram, the span's attributes, the listeners other
 * modules registered for every request, and the {@code http_request} event.
 */
public final class HttpServerRecorder {
  static final int MAX_REQUEST_ID_LENGTH = 128;
  /** The tenant header is the client's to fill; it is copied into every request's (and AI call's) event. */
  static final int MAX_TENANT_LENGTH = 128;
  static final String DOMAIN = "http-server";

  private final HttpServerMetrics metrics;
  private final InstrumentationErrors errors;
  private final String tenantHeader;
  private final Instrumenter<ServerRequest> instrumenter;

  /**
   * @param tenantHeader {@code lantern.http.server.tenant-header}, or null
   * @param requestListeners run for every request's end (e.g. the JDBC module's repeated-query rule)
   */
  public HttpServerRecorder(HttpServerMetrics metrics, Tracing tracing, EventLog events, InstrumentationErrors errors,
      String tenantHeader, RequestListeners requestListeners) {
    this.metrics = metrics;
    this.errors = errors;
    this.tenantHeader = tenantHeader;
    this.instrumenter = Instrumenter.<ServerRequest>builder(DOMAIN, tracing, errors)
        .listener(new MetricsListener(metrics))
        .listener(requestListeners)
        .listener(HttpServerRecorder::describeSpan)
        .listener(new EventListener<>(events))
        .build();
  }

  /** {@code lantern.http.server.tenant-header}, or null: the one header name {@link #start} reads besides the constant ones. */
  public String tenantHeader() {
    return tenantHeader;
  }

  /** Starts recording and makes the request's span current on this thread until {@link #detach}. */
  public <R> ServerRequest start(HttpServerGetter<R> getter, R serverRequest) {
    int methodIndex = HttpMethods.index(getter.method(serverRequest));
    boolean https = HttpServerMetrics.isHttps(getter.scheme(serverRequest));
    ServerRequest request = new ServerRequest(methodIndex, https, getter.path(serverRequest),
        tenantHeader == null ? null : truncate(getter.header(serverRequest, tenantHeader), MAX_TENANT_LENGTH),
        truncate(getter.header(serverRequest, Names.X_REQUEST_ID), MAX_REQUEST_ID_LENGTH),
        metrics.activeRequests(methodIndex, https));
    // tracestate means nothing without a traceparent: not read then (a header read allocates on
    // some servers, the JDK's among them)
    String traceparent = getter.header(serverRequest, Names.TRACEPARENT);
    return instrumenter.startServer(request, HttpMethods.label(methodIndex),
        traceparent, traceparent == null ? null : getter.header(serverRequest, Names.TRACESTATE));
  }

  /**
   * Records the request once: later calls for the same request do nothing. May run on another
   * thread than {@link #start} (async servlets).
   *
   * @param route the route template, or null when none is known
   * @param thrown the exception the application's handler threw, or null
   */
  public void end(ServerRequest request, String route, int status, Throwable thrown) {
    if (instrumenter.claimEnd(request)) {
      complete(request, route, status, thrown);
    }
  }

  /**
   * Records the request once as abandoned by the client before its response was complete (a
   * disconnect in the middle of a stream): {@code error_type} {@code cancelled}, with the status the
   * response had. Later ends do nothing.
   */
  public void endCancelled(ServerRequest request, String route, int status) {
    if (instrumenter.claimEnd(request)) {
      request.cancelled = true;
      complete(request, route, status, null);
    }
  }

  private void complete(ServerRequest request, String route, int status, Throwable thrown) {
    ServerFramework framework = request.framework;
    if (framework != null) {
      try {
        String frameworkRoute = framework.route(request.frameworkRequest);
        if (frameworkRoute != null) {
          route = frameworkRoute;
        }
        if (thrown == null) {
          thrown = framework.handledError(request.frameworkRequest);
        }
      } catch (Throwable t) {
        errors.report(DOMAIN, t);
      }
    }
    request.route = route == null ? Names.OTHER : route;
    request.status = status;
    instrumenter.completeEnd(request, thrown);
  }

  /**
   * Makes a request started earlier current again on this thread until {@link #detach}: for an
   * event-loop server, whose request's later events (body chunks) arrive in later callbacks.
   */
  public void resume(ServerRequest request) {
    instrumenter.resume(request);
  }

  /** Stops the request being current on the thread that started it; it may still be in flight (async). */
  public void detach(ServerRequest request) {
    instrumenter.detach(request);
  }

  /** Semantic-convention name and attributes, for an exported server span only. */
  private static void describeSpan(ServerRequest request) {
    if (!request.isRecording()) {
      return;
    }
    String method = HttpMethods.label(request.methodIndex);
    request.setName(method + " " + request.route);
    request.setAttribute(Names.SPAN_HTTP_REQUEST_METHOD, method);
    request.setAttribute(Names.SPAN_HTTP_ROUTE, request.route);
    request.setAttribute(Names.SPAN_URL_PATH, request.path);
    request.setAttribute(Names.SPAN_URL_SCHEME, request.https ? "https" : "http");
    request.setAttribute(Names.SPAN_HTTP_RESPONSE_STATUS_CODE, request.status);
    request.setError(request.errorTypeLabel());
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }

  /** {@code http_server_active_requests} while in flight, then {@code http_server_request_duration_seconds}. */
  private static final class MetricsListener implements OperationListener<ServerRequest> {
    private final HttpServerMetrics metrics;

    MetricsListener(HttpServerMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void onStart(ServerRequest request) {
      request.active.inc();
    }

    @Override
    public void onEnd(ServerRequest request) {
      request.active.dec();
      metrics.recordDuration(request.methodIndex, request.route, request.status, request.https, request.errorTypeLabel(),
          request.durationNanos() / 1e9);
    }
  }
}
