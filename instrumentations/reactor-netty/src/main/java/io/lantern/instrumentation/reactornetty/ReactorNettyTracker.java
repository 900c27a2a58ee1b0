package io.lantern.instrumentation.reactornetty;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.http.HttpServerRecorder;
import io.lantern.agent.http.ServerRequest;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.Hooks;

/**
 * One record per Reactor Netty request, ended once when its exchange ends, whichever way: the
 * last response frame written ({@link #TERMINATE}), the handler's publisher failing ({@link
 * #OUTBOUND_ERROR}) or the client going away first ({@link #INBOUND_CLOSE}, labelled {@code
 * cancelled}). The request is found again from its operations object in a weak, lock-free identity
 * map (Reactor Netty's objects get no field and are not kept alive); each end removes it, so
 * whichever comes first records and the others find nothing.
 *
 * <p>Everything here runs on the event loop: no lock (beyond the map's lock-free reads and
 * compare-and-set inserts), no I/O, no waiting; the event line and spans are handed to their
 * writer threads through lock-free queues.
 */
final class ReactorNettyTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "reactor-netty";
  /** {@code onInboundNext(ctx, msg)}: self the operations, argument the message; exit with enter's state. */
  static final int INBOUND = 0;
  /** {@code ChannelOperations.terminate()} enter: self the operations. */
  static final int TERMINATE = 1;
  /** {@code onInboundClose()} enter: self the operations. */
  static final int INBOUND_CLOSE = 2;
  /** {@code onOutboundError(err)} exit: self the operations, thrown the error. */
  static final int OUTBOUND_ERROR = 3;

  private final WeakIdentityMap<Object, ServerRequest> inFlight = new WeakIdentityMap<>();
  private final HttpServerRecorder recorder;
  private final InstrumentationErrors errors;

  ReactorNettyTracker(HttpServerRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    switch (site) {
      case INBOUND:
        return inbound(self, argument);
      case TERMINATE:
        ended(self, false, null);
        return null;
      case INBOUND_CLOSE:
        ended(self, true, null);
        return null;
      default:
        return null;
    }
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (site == INBOUND && state != null) {
      recorder.detach((ServerRequest) state);
    } else if (site == OUTBOUND_ERROR) {
      ended(self, false, thrown);
    }
    return returned;
  }

  /**
   * A request head starts the request: Reactor Netty applies the application's handler and
   * subscribes to what it returns inside this call, so the span is current for all of it. A body
   * chunk of a request in flight makes it current again for what the chunk drives. Returns the
   * request to detach at exit, or null.
   */
  private Object inbound(Object operations, Object message) {
    try {
      ReactorNettyApi api = ReactorNettyApi.APIS.of(operations);
      if (api.isRequestHead(message)) {
        if (inFlight.get(operations) != null) {
          return null;
        }
        ServerRequest request = recorder.start(api, operations);
        inFlight.put(operations, request);
        return request;
      }
      if (inFlight.isEmpty()) {
        return null;
      }
      ServerRequest request = inFlight.get(operations);
      if (request != null) {
        recorder.resume(request);
      }
      return request;
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  /** The exchange of {@code operations} ended; records its request if this is the first end. */
  private void ended(Object operations, boolean clientGone, Throwable thrown) {
    if (inFlight.isEmpty()) {
      return;
    }
    ServerRequest request = inFlight.remove(operations);
    if (request == null) {
      return;
    }
    int status = 500;
    try {
      status = ReactorNettyApi.APIS.of(operations).status(operations);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
    if (clientGone) {
      recorder.endCancelled(request, null, status);
    } else {
      recorder.end(request, null, status, thrown);
    }
  }

  /** For tests: requests started and not ended. */
  int inFlight() {
    return inFlight.size();
  }
}
