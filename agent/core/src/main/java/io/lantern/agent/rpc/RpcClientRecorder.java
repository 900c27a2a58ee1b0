package io.lantern.agent.rpc;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.http.HttpHeaderSetter;
import io.lantern.agent.operation.Instrumenter;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;

/**
 * The RPC client domain, whatever the library: a CLIENT span, a child of the current one, whose
 * {@code traceparent}/{@code tracestate} the module puts in the call's metadata; at its one end
 * {@code rpc_client_call_duration_seconds}.
 */
public final class RpcClientRecorder {
  static final String DOMAIN = "rpc-client";

  private final Instrumenter<RpcClientCall> instrumenter;

  public RpcClientRecorder(RpcMetrics metrics, Tracing tracing, InstrumentationErrors errors) {
    this.instrumenter = Instrumenter.<RpcClientCall>builder(DOMAIN, tracing, errors)
        .listener(call -> metrics.record(call.method, call.statusCode, call.serverAddress, call.durationNanos() / 1e9))
        .listener(RpcClientRecorder::describeSpan)
        .build();
  }

  /**
   * Starts a call, current on this thread until {@link #detach}, and sets its trace context on
   * {@code carrier} (the call's metadata) through {@code setter}.
   */
  public <C> RpcClientCall start(String method, String serverAddress, int port, HttpHeaderSetter<C> setter, C carrier)
      throws Throwable {
    RpcClientCall call = new RpcClientCall(method, serverAddress);
    instrumenter.start(call, LanternSpan.Kind.CLIENT, method);
    if (call.isRecording()) {
      call.setAttribute(RpcNames.SPAN_RPC_SYSTEM_NAME, RpcNames.GRPC);
      call.setAttribute(RpcNames.SPAN_RPC_METHOD, method);
      if (serverAddress != null) {
        call.setAttribute(Names.SPAN_SERVER_ADDRESS, serverAddress);
      }
      if (port >= 0) {
        call.setAttribute(Names.SPAN_SERVER_PORT, port);
      }
    }
    setter.set(carrier, Names.TRACEPARENT, call.traceparent());
    String tracestate = call.tracestate();
    if (tracestate != null) {
      setter.set(carrier, Names.TRACESTATE, tracestate);
    }
    return call;
  }

  public boolean end(RpcClientCall call, int statusCode) {
    if (!instrumenter.claimEnd(call)) {
      return false;
    }
    call.statusCode = RpcStatus.normalize(statusCode);
    instrumenter.completeEnd(call, null);
    return true;
  }

  public void detach(RpcClientCall call) {
    instrumenter.detach(call);
  }

  private static void describeSpan(RpcClientCall call) {
    if (!call.isRecording()) {
      return;
    }
    call.setAttribute(RpcNames.SPAN_RPC_RESPONSE_STATUS_CODE, RpcStatus.label(call.statusCode));
    call.setError(call.errorTypeLabel());
  }
}
