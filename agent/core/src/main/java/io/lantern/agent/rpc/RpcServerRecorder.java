package io.lantern.agent.rpc;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.operation.EventListener;
import io.lantern.agent.operation.Instrumenter;
import io.lantern.agent.operation.RequestListeners;
import io.lantern.agent.trace.Tracing;

/**
 * The RPC server domain, whatever the library: a call starts from its method and the inbound
 * metadata the module read (continuing an inbound {@code traceparent}) and ends once with its
 * status: the duration histogram, the listeners every request runs (the JDBC repeated-query rule),
 * the SERVER span's attributes and the {@code rpc_request} event.
 */
public final class RpcServerRecorder {
  static final String DOMAIN = "rpc-server";
  static final int MAX_VALUE_LENGTH = 128;

  private final Instrumenter<RpcServerCall> instrumenter;
  private final String tenantKey;

  /** @param tenantKey {@code lantern.rpc.server.tenant-metadata-key} (lower case), or null */
  public RpcServerRecorder(RpcMetrics metrics, Tracing tracing, EventLog events, InstrumentationErrors errors,
      String tenantKey, RequestListeners requestListeners) {
    this.tenantKey = tenantKey == null ? null : tenantKey.toLowerCase(java.util.Locale.ROOT);
    this.instrumenter = Instrumenter.<RpcServerCall>builder(DOMAIN, tracing, errors)
        .listener(call -> metrics.record(call.method, call.statusCode, null, call.durationNanos() / 1e9))
        .listener(requestListeners)
        .listener(RpcServerRecorder::describeSpan)
        .listener(new EventListener<>(events))
        .build();
  }

  /** The metadata key whose value is the tenant, or null when none is configured. */
  public String tenantKey() {
    return tenantKey;
  }

  /**
   * Starts a call and makes it current on this thread until {@link #detach}.
   *
   * @param method {@code package.Service/Method}
   */
  public RpcServerCall start(String method, String traceparent, String tracestate, String tenant, String requestId) {
    RpcServerCall call = new RpcServerCall(method, truncate(tenant), truncate(requestId));
    return instrumenter.startServer(call, method, traceparent, tracestate);
  }

  /** Ends the call once with its status code (later ends, from any thread, do nothing); true for the one that ended it. */
  public boolean end(RpcServerCall call, int statusCode) {
    if (!instrumenter.claimEnd(call)) {
      return false;
    }
    call.statusCode = RpcStatus.normalize(statusCode);
    instrumenter.completeEnd(call, null);
    return true;
  }

  /** Makes the call current again on this thread (a listener callback on the library's executor), paired with {@link #detach}. */
  public void resume(RpcServerCall call) {
    instrumenter.resume(call);
  }

  public void detach(RpcServerCall call) {
    instrumenter.detach(call);
  }

  private static void describeSpan(RpcServerCall call) {
    if (!call.isRecording()) {
      return;
    }
    call.setAttribute(RpcNames.SPAN_RPC_SYSTEM_NAME, RpcNames.GRPC);
    call.setAttribute(RpcNames.SPAN_RPC_METHOD, call.method);
    call.setAttribute(RpcNames.SPAN_RPC_RESPONSE_STATUS_CODE, RpcStatus.label(call.statusCode));
    call.setError(RpcStatus.isServerError(call.statusCode) ? RpcStatus.label(call.statusCode) : null);
  }

  private static String truncate(String value) {
    return value == null || value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH);
  }
}
