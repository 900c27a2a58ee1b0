package io.lantern.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.http.HttpServerGetter;
import io.lantern.agent.http.HttpServerRecorder;
import io.lantern.agent.http.ServerRequest;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.bootstrap.Hooks;

/**
 * One recording per exchange: filter chains nest on one thread, and only the outermost records.
 * Exchanges of Lantern's own {@code /metrics} endpoint, which runs on the same JDK server, are
 * not the application's and are skipped. The route is the path of the {@code HttpContext} the exchange was dispatched to, which
 * the application registered, so it is bounded.
 */
final class HttpExchangeTracker implements Hooks.Handler, HttpServerGetter<HttpExchange> {
  static final String INSTRUMENTATION = "jdk-httpserver";
  /** {@code Filter.Chain.doFilter(exchange)}: on enter, argument the exchange; on exit, self the exchange. */
  static final int DO_FILTER = 0;

  private static final ClassLoader AGENT_LOADER = HttpExchangeTracker.class.getClassLoader();

  private final CallDepth depth = new CallDepth();
  private final HttpServerRecorder recorder;
  private final InstrumentationErrors errors;
  private final ThreadLocal<InboundHeaders> inbound;

  HttpExchangeTracker(HttpServerRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
    String tenantHeader = recorder.tenantHeader();
    this.inbound = ThreadLocal.withInitial(() -> new InboundHeaders(tenantHeader));
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    return started(argument);
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (state != null) {
      ended(state, self, thrown);
    }
    return returned;
  }

  private Object started(Object exchangeObject) {
    if (!depth.enter()) {
      return CallDepth.NOT_RECORDING;
    }
    try {
      HttpExchange exchange = (HttpExchange) exchangeObject;
      // Read the context now: later the exchange answers with its connection's context, which the
      // next keep-alive request may already have re-targeted.
      HttpContext context = exchange.getHttpContext();
      if (context.getHandler().getClass().getClassLoader() == AGENT_LOADER) {
        return CallDepth.NOT_RECORDING;
      }
      InboundHeaders headers = inbound.get();
      ServerRequest request;
      try {
        headers.read(exchange, exchange.getRequestHeaders());
        request = recorder.start(this, exchange);
      } finally {
        headers.clear();
      }
      request.routeAtStart(context.getPath());
      return request;
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return CallDepth.NOT_RECORDING;
    }
  }

  private void ended(Object state, Object exchangeObject, Throwable thrown) {
    depth.exit();
    if (!(state instanceof ServerRequest)) {
      return;
    }
    ServerRequest request = (ServerRequest) state;
    try {
      HttpExchange exchange = (HttpExchange) exchangeObject;
      int status = thrown != null ? 500 : exchange.getResponseCode();
      recorder.end(request, request.routeAtStart(), status, thrown);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      recorder.end(request, null, 500, thrown);
    } finally {
      recorder.detach(request);
    }
  }

  @Override
  public String method(HttpExchange exchange) {
    return exchange.getRequestMethod();
  }

  @Override
  public String scheme(HttpExchange exchange) {
    return exchange instanceof HttpsExchange ? "https" : "http";
  }

  @Override
  public String path(HttpExchange exchange) {
    return exchange.getRequestURI().getRawPath();
  }

  @Override
  public String header(HttpExchange exchange, String name) {
    InboundHeaders headers = inbound.get();
    return headers.holds(exchange, name) ? headers.value(name) : exchange.getRequestHeaders().getFirst(name);
  }
}
