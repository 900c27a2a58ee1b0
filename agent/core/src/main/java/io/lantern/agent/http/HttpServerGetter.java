package io.lantern.agent.http;

/**
 * What the HTTP server domain reads from a server's request object when a request starts. A server
 * module implements it over its own request type (the servlet module over javax and jakarta
 * requests, the JDK HttpServer module over {@code HttpExchange}); the recorder decides which
 * headers matter ({@code traceparent}, {@code tracestate}, the tenant header, {@code X-Request-ID}).
 */
public interface HttpServerGetter<R> {
  String method(R request);

  /** {@code http} or {@code https}. */
  String scheme(R request);

  /** The path as received (not decoded), without the query. */
  String path(R request);

  /** The first value of the request header {@code name} (case-insensitive), or null. */
  String header(R request, String name);
}
