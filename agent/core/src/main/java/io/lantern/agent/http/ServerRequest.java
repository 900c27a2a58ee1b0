package io.lantern.agent.http;

import io.lantern.agent.Names;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.JsonWriter;
import io.lantern.agent.metrics.HttpMethods;
import io.lantern.agent.metrics.StatusCodes;
import io.lantern.agent.operation.RequestOperation;
import io.prometheus.client.Gauge;

/**
 * One inbound HTTP request from start to end: its server span, its metrics record and its {@code
 * http_request} event, so a request costs one object.
 */
public final class ServerRequest extends RequestOperation implements Event {
  final int methodIndex;
  final boolean https;
  final String path;
  final Gauge.Child active;
  /** The route, for servers that know it when the request starts; null otherwise. */
  private String routeAtStart;
  /** A framework above the server that reads the route and its handled error at the end; null when none. */
  ServerFramework framework;
  Object frameworkRequest;
  /** The client went away before the response was complete. */
  boolean cancelled;

  // Written once by the caller that claimed the end, read by listeners and the event writer.
  String route;
  int status;

  ServerRequest(int methodIndex, boolean https, String path, String tenant, String requestId, Gauge.Child active) {
    super(tenant, requestId);
    this.methodIndex = methodIndex;
    this.https = https;
    this.path = path;
    this.active = active;
  }

  /** {@code cancelled} when the client went away, else the exception's class name, else the status code for a 5xx, else null. */
  @Override
  protected String classifyError(Throwable thrown) {
    if (cancelled) {
      return Names.ERROR_CANCELLED;
    }
    return thrown != null ? thrown.getClass().getName() : status >= 500 ? StatusCodes.label(status) : null;
  }

  /**
   * Lets {@code framework} name the route and the handled error from its own request object when
   * this request ends (see {@link ServerFramework}). The first framework to attach wins: a request
   * is one framework's. Called on the thread the request is current on, before it ends.
   */
  public void attachFramework(ServerFramework framework, Object frameworkRequest) {
    if (this.framework == null && framework != null && frameworkRequest != null) {
      this.frameworkRequest = frameworkRequest;
      this.framework = framework;
    }
  }

  @Override
  public String routeLabel() {
    return route;
  }

  /**
   * Remembers the route known when the request starts, for servers whose request object may
   * describe another request by the time this one ends (the JDK HttpServer's exchange reads its
   * context from the keep-alive connection, which the next request on it re-targets).
   */
  public void routeAtStart(String route) {
    this.routeAtStart = route;
  }

  public String routeAtStart() {
    return routeAtStart;
  }

  @Override
  public String name() {
    return Names.EVENT_HTTP_REQUEST;
  }

  @Override
  public String message() {
    return HttpMethods.label(methodIndex) + " " + route + " " + status;
  }

  @Override
  public void writeFields(JsonWriter out) {
    out.field(Names.HTTP_REQUEST_METHOD, HttpMethods.label(methodIndex))
        .field(Names.HTTP_ROUTE, route)
        .field(Names.URL_PATH, path)
        .field(Names.URL_SCHEME, https ? "https" : "http")
        .field(Names.HTTP_RESPONSE_STATUS_CODE, status);
    writeRequestFields(out);
  }
}
