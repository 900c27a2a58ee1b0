package io.lantern.instrumentation.vertx;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.http.HttpServerRecorder;
import io.lantern.agent.http.ServerRequest;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.Hooks;

/**
 * One recording per Vert.x HTTP/1.x request, and its span current wherever Vert.x runs work for it.
 *
 * <p>Vert.x gives every request a context of its own (a "duplicated" context) and runs everything
 * derived from the request on it: the request handler, timers and {@code runOnContext} set from it,
 * callbacks of futures it created, {@code executeBlocking} on a worker thread. Every such run is
 * bracketed by {@code VertxImpl.beginDispatch(context)} / {@code endDispatch(previous)}. So the
 * request is remembered by its context (in a weak, lock-free identity map, nothing added to Vert.x's
 * objects), {@code beginDispatch} makes the request's span current and {@code endDispatch} puts back
 * the span of the context it returns to (none on a bare event-loop or worker thread).
 *
 * <p>Nothing here blocks: map reads are lock-free, the start is one map insert, the end hands the
 * event to the asynchronous event log. No I/O, no lock held by the agent on a Vert.x thread.
 */
final class VertxServerTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "vertx-http";
  /** Exit of {@code Http1xServerRequest.handleBegin}: self the request, returned its context. */
  static final int BEGIN = 0;
  /** Exit of {@code Http1xServerResponse.end(Buffer, PromiseInternal)}: self the response, returned its context. */
  static final int END = 1;
  /** Exit of {@code Http1xServerResponse.handleException(t)}: state t, self the response, returned its context. */
  static final int CLOSED = 2;
  /** Exit of {@code VertxImpl.beginDispatch(context)}: returned the context. */
  static final int DISPATCH_BEGIN = 3;
  /** Enter of {@code VertxImpl.endDispatch(previous)}: argument previous, detail the ending context. */
  static final int DISPATCH_END = 4;
  /** Enter of {@code RouteState.handleContext/handleFailure}: self the route, argument the routing context, detail the Vert.x context. */
  static final int ROUTE = 5;
  /** Enter of {@code RoutingContextImpl.fail}: argument the throwable (or null), detail the Vert.x context. */
  static final int FAIL = 6;
  /** Enter of {@code RoutingContextImpl.checkHandleNoMatch()}: detail the Vert.x context. */
  static final int NO_MATCH = 7;

  /** What Vert.x hands to the response when the connection closes: the one exception that ends it. */
  static final String CONNECTION_CLOSED = "io.vertx.core.http.HttpClosedException";

  private final WeakIdentityMap<Object, VertxExchange> exchanges = new WeakIdentityMap<>();
  private final HttpServerRecorder recorder;
  private final InstrumentationErrors errors;

  VertxServerTracker(HttpServerRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    if (exchanges.isEmpty()) {
      return null;
    }
    try {
      switch (site) {
        case DISPATCH_END:
          dispatchEnding(argument, detail);
          break;
        case ROUTE:
          VertxExchange routed = exchanges.get(detail);
          if (routed != null) {
            RouteStates.route(routed, argument, self);
          }
          break;
        case FAIL:
          VertxExchange failed = exchanges.get(detail);
          if (failed != null) {
            failed.failed((Throwable) argument);
          }
          break;
        case NO_MATCH:
          VertxExchange unmatched = exchanges.get(detail);
          if (unmatched != null) {
            unmatched.noMatch();
          }
          break;
        default:
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
    return null;
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    try {
      switch (site) {
        case BEGIN:
          begin(self, returned);
          break;
        case END:
          // end() throws when the response was already written: that call ended nothing.
          if (thrown == null) {
            end(self, returned, null);
          }
          break;
        case CLOSED:
          if (state != null && CONNECTION_CLOSED.equals(state.getClass().getName())) {
            end(self, returned, (Throwable) state);
          }
          break;
        case DISPATCH_BEGIN:
          dispatchBegan(returned);
          break;
        default:
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
    return returned;
  }

  private void begin(Object request, Object context) {
    ServerRequest serverRequest = recorder.start(VertxApi.of(request), request);
    // Current from here on only where Vert.x dispatches on the request's context (see dispatchBegan).
    recorder.detach(serverRequest);
    exchanges.put(context, new VertxExchange(serverRequest));
  }

  /**
   * The response ended (or its connection closed first, {@code closed} then being Vert.x's exception):
   * records the request once, with the status the response carries. The context stays mapped until
   * it is collected, so work the application still does for the request after answering (a write
   * behind, a log line) stays in its trace.
   */
  private void end(Object response, Object context, Throwable closed) {
    VertxExchange exchange = exchanges.get(context);
    if (exchange == null) {
      return;
    }
    int status = VertxApi.of(response).status(response);
    recorder.end(exchange.request, exchange.route(), status, closed != null ? closed : exchange.failure());
    exchange.ended();
  }

  private void dispatchBegan(Object context) {
    if (exchanges.isEmpty()) {
      return;
    }
    VertxExchange exchange = exchanges.get(context);
    if (exchange != null) {
      Tracing.makeCurrent(exchange.request);
    }
  }

  /** Leaving a dispatch on {@code ending} for {@code previous} (null at the thread's top level). */
  private void dispatchEnding(Object previous, Object ending) {
    if (ending == null || exchanges.get(ending) == null) {
      return;
    }
    VertxExchange outer = previous == null ? null : exchanges.get(previous);
    LanternSpan span = outer == null ? null : outer.request;
    Tracing.restore(span);
  }
}
