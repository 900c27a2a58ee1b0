package io.lantern.instrumentation.grpc;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.rpc.RpcClientCall;
import io.lantern.agent.rpc.RpcClientRecorder;
import io.lantern.agent.rpc.RpcServerCall;
import io.lantern.agent.rpc.RpcServerRecorder;
import io.lantern.agent.rpc.RpcStatus;
import io.lantern.agent.trace.Tracing;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.Hooks;

/**
 * grpc-java calls, server and client, on grpc-core's own call objects (so every transport, and
 * no interceptor the application could see in its lists).
 *
 * <p>Server: a call starts when {@code ServerCallImpl} is made (method known, metadata read for
 * {@code traceparent}, the tenant key and {@code x-request-id}); it is current while the handler's
 * {@code startCall} runs and around every listener callback ({@code onMessage}, {@code onHalfClose},
 * {@code onReady}, {@code onCancel}/{@code onComplete}) on grpc's executor threads. It ends once, at
 * the first of: the application's {@code close(status)} (a cancelled call's close counts as the
 * cancellation); a callback that throws ({@code UNKNOWN}, which grpc then sends); a non-OK
 * {@code closed(status)} from the transport (client cancel: {@code CANCELLED}; a deadline that
 * passed: {@code DEADLINE_EXCEEDED}).
 *
 * <p>Client: {@code ClientCallImpl.start} starts a CLIENT span and puts {@code traceparent}/
 * {@code tracestate} in the call's metadata; {@code closeObserver} (the one path to the
 * listener's {@code onClose}: response, deadline, cancel, transport failure) ends it with its status.
 */
final class GrpcTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "grpc";
  /** Exit of {@code ServerCallImpl.<init>}: self the call, argument the method descriptor, detail the headers. */
  static final int SERVER_START = 0;
  /** {@code ServerCallImpl.close(Status, Metadata)} enter: self the call, argument the status. */
  static final int SERVER_CLOSE = 1;
  /** {@code startWrappedCall(name, params, headers)}: argument the parameters holding the call. */
  static final int SERVER_HANDLER_START = 2;
  /** A {@code ServerStreamListenerImpl} callback: self the listener, argument the status for {@code closed}. */
  static final int SERVER_LISTENER = 3;
  /** {@code ClientCallImpl.start(Listener, Metadata)}: self the call, argument the headers. */
  static final int CLIENT_START = 4;
  /** {@code ClientCallImpl.closeObserver(Listener, Status, Metadata)} enter: self the call, argument the status. */
  static final int CLIENT_CLOSE = 5;
  /** Exit of {@code MethodLookup.runInternal()}: self the lookup task. */
  static final int SERVER_LOOKUP = 6;

  private final RpcServerRecorder server;
  private final RpcClientRecorder client;
  private final InstrumentationErrors errors;
  private final WeakIdentityMap<Object, RpcServerCall> serverCalls = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, RpcClientCall> clientCalls = new WeakIdentityMap<>();

  GrpcTracker(RpcServerRecorder server, RpcClientRecorder client, InstrumentationErrors errors) {
    this.server = server;
    this.client = client;
    this.errors = errors;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    try {
      switch (site) {
        case SERVER_START:
          serverStart(self, argument, detail);
          return null;
        case SERVER_CLOSE:
          serverClose(self, argument);
          return null;
        case SERVER_HANDLER_START:
          return resume(GrpcApi.CALL.read(argument));
        case SERVER_LISTENER:
          return serverCallback(self, argument);
        case CLIENT_START:
          return clientStart(self, argument);
        case CLIENT_CLOSE:
          clientClose(self, argument);
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
      if (site == SERVER_LOOKUP) {
        lookedUp(self, thrown);
        return returned;
      }
      if (state instanceof RpcServerCall) {
        RpcServerCall call = (RpcServerCall) state;
        if (thrown != null) {
          // grpc answers a throwing handler or callback with UNKNOWN
          endServer(call, RpcStatus.UNKNOWN, null);
        }
        server.detach(call);
      } else if (state instanceof RpcClientCall) {
        RpcClientCall call = (RpcClientCall) state;
        if (thrown != null && client.end(call, RpcStatus.UNKNOWN)) {
          clientCalls.remove(self);
        }
        client.detach(call);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
    return returned;
  }

  private void serverStart(Object serverCall, Object method, Object headers) throws ReflectiveOperationException {
    Object name = GrpcApi.FULL_METHOD_NAME.invoke(method);
    GrpcApi.Metadata metadata = GrpcApi.Metadata.of(headers);
    String traceparent = null;
    String tracestate = null;
    String tenant = null;
    String requestId = null;
    if (metadata != null) {
      traceparent = metadata.get(headers, Names.TRACEPARENT);
      tracestate = traceparent == null ? null : metadata.get(headers, Names.TRACESTATE);
      String tenantKey = server.tenantKey();
      tenant = tenantKey == null ? null : metadata.get(headers, tenantKey);
      requestId = metadata.get(headers, "x-request-id");
    }
    RpcServerCall call = server.start(name instanceof String ? (String) name : Names.OTHER, traceparent, tracestate,
        tenant, requestId);
    // Made on the method lookup's task; the handler runs in a later one, where startWrappedCall resumes it.
    server.detach(call);
    serverCalls.put(serverCall, call);
  }

  /**
   * After grpc looked the method up: when it found none (its future cancelled: grpc has closed the
   * stream {@code UNIMPLEMENTED}, or with what the lookup threw), one call of method {@code _OTHER},
   * continuing the client's trace; the method name the client sent is not a label (unbounded).
   */
  private void lookedUp(Object lookup, Throwable thrown) throws ReflectiveOperationException {
    Object future = GrpcApi.LOOKUP_FUTURE.read(lookup);
    if (!Boolean.TRUE.equals(GrpcApi.IS_CANCELLED.invoke(future))) {
      return;
    }
    Object headers = GrpcApi.LOOKUP_HEADERS.read(lookup);
    GrpcApi.Metadata metadata = GrpcApi.Metadata.of(headers);
    String traceparent = metadata == null ? null : metadata.get(headers, Names.TRACEPARENT);
    String tracestate = traceparent == null ? null : metadata.get(headers, Names.TRACESTATE);
    RpcServerCall call = server.start(Names.OTHER, traceparent, tracestate, null, null);
    try {
      server.end(call, thrown == null ? RpcStatus.UNIMPLEMENTED : RpcStatus.UNKNOWN);
    } finally {
      server.detach(call);
    }
  }

  /** Makes the server call of {@code serverCall} current here; the state its exit detaches, or null. */
  private RpcServerCall resume(Object serverCall) {
    RpcServerCall call = serverCall == null ? null : serverCalls.get(serverCall);
    if (call == null || call.isEnded() || Tracing.current() == call) {
      return null;
    }
    server.resume(call);
    return Tracing.current() == call ? call : null;
  }

  private Object serverCallback(Object listener, Object status) throws ReflectiveOperationException {
    Object serverCall = GrpcApi.CALL.read(listener);
    if (status != null) {
      // closed(Status): OK after the application's close (already ended); otherwise the transport's cancel
      int code = GrpcApi.code(status);
      if (code != RpcStatus.OK) {
        RpcServerCall call = serverCall == null ? null : serverCalls.get(serverCall);
        if (call != null && !call.isEnded()) {
          RpcServerCall resumed = resume(serverCall);
          endServer(call, cancelCode(serverCall, code), serverCall);
          return resumed; // onCancel runs with the call's span current
        }
        return null;
      }
    }
    return resume(serverCall);
  }

  private void serverClose(Object serverCall, Object status) throws ReflectiveOperationException {
    RpcServerCall call = serverCalls.get(serverCall);
    if (call == null) {
      return;
    }
    int code = GrpcApi.code(status);
    if (Boolean.TRUE.equals(GrpcApi.IS_CANCELLED.invoke(serverCall))) {
      code = cancelCode(serverCall, RpcStatus.CANCELLED);
    }
    endServer(call, code < 0 ? RpcStatus.UNKNOWN : code, serverCall);
  }

  /** A cancelled call's status: {@code DEADLINE_EXCEEDED} when its deadline has passed, else {@code code}. */
  private static int cancelCode(Object serverCall, int code) throws ReflectiveOperationException {
    if (code == RpcStatus.CANCELLED || code == RpcStatus.DEADLINE_EXCEEDED) {
      Object deadline = GrpcApi.GET_DEADLINE.invoke(GrpcApi.CONTEXT.read(serverCall));
      if (deadline != null && Boolean.TRUE.equals(GrpcApi.IS_EXPIRED.invoke(deadline))) {
        return RpcStatus.DEADLINE_EXCEEDED;
      }
    }
    return code < 0 ? RpcStatus.UNKNOWN : code;
  }

  private void endServer(RpcServerCall call, int code, Object serverCall) {
    if (server.end(call, code) && serverCall != null) {
      serverCalls.remove(serverCall);
    }
  }

  private Object clientStart(Object clientCall, Object headers) throws Throwable {
    GrpcApi.Metadata metadata = GrpcApi.Metadata.of(headers);
    if (metadata == null || clientCalls.get(clientCall) != null) {
      return null;
    }
    Object name = GrpcApi.FULL_METHOD_NAME.invoke(GrpcApi.METHOD.read(clientCall));
    String authority = authority(clientCall);
    RpcClientCall call = client.start(name instanceof String ? (String) name : Names.OTHER, GrpcApi.host(authority),
        GrpcApi.port(authority), metadata::set, headers);
    clientCalls.put(clientCall, call);
    return call;
  }

  /** The call's authority: its call options' override, else its channel's ({@code ManagedChannelImpl.authority()}). */
  private String authority(Object clientCall) {
    try {
      Object override = GrpcApi.GET_AUTHORITY.invoke(GrpcApi.CALL_OPTIONS.read(clientCall));
      if (override instanceof String) {
        return (String) override;
      }
      Object channel = GrpcApi.OUTER.read(GrpcApi.STREAM_PROVIDER.read(clientCall));
      Object authority = GrpcApi.AUTHORITY.invoke(channel);
      return authority instanceof String ? (String) authority : null;
    } catch (Throwable t) {
      return null;
    }
  }

  private void clientClose(Object clientCall, Object status) throws ReflectiveOperationException {
    RpcClientCall call = clientCalls.remove(clientCall);
    if (call != null) {
      int code = GrpcApi.code(status);
      client.end(call, code < 0 ? RpcStatus.UNKNOWN : code);
    }
  }
}
