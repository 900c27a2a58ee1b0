package io.lantern.agent.http;

import io.lantern.agent.Names;

/** A request as a server module would read it, for driving {@link HttpServerRecorder} without a server. */
public final class InboundRequest {
  static final HttpServerGetter<InboundRequest> GETTER = new HttpServerGetter<InboundRequest>() {
    @Override
    public String method(InboundRequest request) {
      return request.method;
    }

    @Override
    public String scheme(InboundRequest request) {
      return request.scheme;
    }

    @Override
    public String path(InboundRequest request) {
      return request.path;
    }

    @Override
    public String header(InboundRequest request, String name) {
      switch (name) {
        case Names.TRACEPARENT: return request.traceparent;
        case Names.TRACESTATE: return request.tracestate;
        case Names.X_REQUEST_ID: return request.requestId;
        case "X-Tenant": return request.tenant;
        default: return null;
      }
    }
  };

  final String method;
  final String scheme;
  final String path;
  final String traceparent;
  final String tracestate;
  final String tenant;
  final String requestId;

  private InboundRequest(String method, String scheme, String path, String traceparent, String tracestate, String tenant,
      String requestId) {
    this.method = method;
    this.scheme = scheme;
    this.path = path;
    this.traceparent = traceparent;
    this.tracestate = tracestate;
    this.tenant = tenant;
    this.requestId = requestId;
  }

  /** Starts a request with these headers ({@code X-Tenant} carries the tenant). */
  public static ServerRequest start(HttpServerRecorder recorder, String method, String scheme, String path, String traceparent,
      String tracestate, String tenant, String requestId) {
    return recorder.start(GETTER, new InboundRequest(method, scheme, path, traceparent, tracestate, tenant, requestId));
  }
}
