package io.lantern.instrumentation.reactornetty;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.http.ClientCall;
import io.lantern.agent.http.HttpClientGetter;
import io.lantern.agent.http.HttpClientInstrumenter;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.Hooks;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CancellationException;

/**
 * Reactor Netty HTTP client calls (and so Spring {@code WebClient}), through core's client flow.
 *
 * <ul>
 *   <li>A subscription to a request creates one {@code HttpClientHandler}, on the subscribing
 *       thread: the span current there is kept for it (weak identity map), as the calls' parent.
 *   <li>{@code requestWithBody(operations)} prepares each attempt's request head (a retry or a
 *       redirect is another attempt, another call), on the connection's event loop: at its exit the
 *       call starts with that parent, {@code traceparent}/{@code tracestate} are set on the request
 *       headers (still unwritten) and the call is left in flight.
 *   <li>The response head ({@code onInboundNext}) ends it with its status, like OkHttp's; a close,
 *       a cancel or an error before that ends it with {@code ClosedChannelException}, {@code
 *       CancellationException} or the error. Whichever comes first ends it, once.
 *   <li>While the response is delivered ({@code onInboundNext}, up to its last part) the parent
 *       span is current, so what the application chains on the response (a {@code WebClient}
 *       {@code bodyToMono(...).map(...)}) still runs in the request's trace.
 * </ul>
 *
 * On the event loop: no lock beyond the maps' lock-free reads and compare-and-set inserts, no I/O.
 */
final class ReactorNettyClientTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "reactor-netty-client";
  /** Exit of {@code HttpClientHandler.<init>}: self the handler. */
  static final int SUBSCRIBED = 0;
  /** Exit of {@code requestWithBody(operations)}: self the handler, returned slot the operations. */
  static final int REQUEST = 1;
  /** {@code onInboundNext(ctx, msg)}: self the operations, argument the message. */
  static final int INBOUND = 2;
  /** Enter of {@code onInboundClose()}. */
  static final int CLOSE = 3;
  /** Enter of {@code onInboundCancel()}. */
  static final int CANCEL = 4;
  /** Enter of {@code onInboundError(err)} / {@code onOutboundError(err)}: argument the error. */
  static final int ERROR = 5;
  /** Inbound hook state: the span to put back was none. */
  private static final Object NO_SPAN = new Object();

  private final HttpClientRecorder recorder;
  private final InstrumentationErrors errors;
  private final HttpClientInstrumenter<Object, Object> client;
  private final WeakIdentityMap<Object, LanternSpan> handlerParents = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, LanternSpan> exchangeParents = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, ClientCall> inFlight = new WeakIdentityMap<>();

  ReactorNettyClientTracker(HttpClientRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
    this.client = recorder.instrumenter(INSTRUMENTATION, HttpClientGetter.byClass(ReactorNettyClientApi.APIS));
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    try {
      switch (site) {
        case SUBSCRIBED:
          Object parent = recorder.captureContext();
          if (parent instanceof LanternSpan) {
            handlerParents.put(self, (LanternSpan) parent);
          }
          return null;
        case INBOUND:
          return inbound(self, argument);
        case CLOSE:
          failed(self, new ClosedChannelException());
          return null;
        case CANCEL:
          failed(self, new CancellationException());
          return null;
        case ERROR:
          failed(self, argument instanceof Throwable ? (Throwable) argument : null);
          return null;
        default:
          return null;
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    try {
      if (site == REQUEST) {
        request(self, returned);
      } else if (site == INBOUND) {
        inboundDone(state, self, returned);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
    return returned;
  }

  private void request(Object handler, Object operations) {
    if (operations == null) {
      return;
    }
    LanternSpan parent = handlerParents.isEmpty() ? null : handlerParents.get(handler);
    LanternSpan before = parent == null ? null : Tracing.makeCurrent(parent);
    try {
      Object state = client.enter(operations, null, parent);
      if (state instanceof ClientCall) {
        client.inject(ReactorNettyClientApi.APIS.of(operations), operations); // the call's span is current here
      }
      ClientCall call = client.exitPending(state);
      if (call != null) {
        inFlight.put(operations, call);
      }
      if (parent != null) {
        exchangeParents.put(operations, parent);
      }
    } finally {
      if (parent != null) {
        Tracing.restore(before);
      }
    }
  }

  /** Makes the request's span current while the response is delivered; returns what to put back. */
  private Object inbound(Object operations, Object message) {
    if (exchangeParents.isEmpty()) {
      return null;
    }
    LanternSpan parent = exchangeParents.get(operations);
    if (parent == null) {
      return null;
    }
    LanternSpan before = Tracing.makeCurrent(parent);
    return before == null ? NO_SPAN : before;
  }

  /** Puts back what {@link #inbound} replaced; the response head ends the call, the last part forgets the parent. */
  private void inboundDone(Object state, Object operations, Object message) {
    if (state != null) {
      Tracing.restore(state == NO_SPAN ? null : (LanternSpan) state);
    }
    if (inFlight.isEmpty() && exchangeParents.isEmpty()) {
      return;
    }
    ReactorNettyClientApi api = ReactorNettyClientApi.APIS.of(operations);
    if (api.isResponseHead(message)) {
      ClientCall call = inFlight.remove(operations);
      if (call != null) {
        client.complete(call, operations, null);
      }
    }
    if (api.isLast(message)) {
      exchangeParents.remove(operations);
    }
  }

  private void failed(Object operations, Throwable failure) {
    if (inFlight.isEmpty()) {
      return;
    }
    ClientCall call = inFlight.remove(operations);
    if (call != null) {
      client.complete(call, null, failure);
    }
  }
}
