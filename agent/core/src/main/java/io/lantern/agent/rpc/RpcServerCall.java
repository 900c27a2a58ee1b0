package io.lantern.agent.rpc;

import io.lantern.agent.Names;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.JsonWriter;
import io.lantern.agent.log.Level;
import io.lantern.agent.operation.RequestOperation;

/** One inbound RPC from its start to its one end: its SERVER span, its metrics record and its {@code rpc_request} event. */
public final class RpcServerCall extends RequestOperation implements Event {
  final String method;
  // Written once by the caller that claimed the end.
  int statusCode;

  RpcServerCall(String method, String tenant, String requestId) {
    super(tenant, requestId);
    this.method = method;
  }

  public String method() {
    return method;
  }

  /** The status code's name for a non-OK status, else null. */
  @Override
  protected String classifyError(Throwable thrown) {
    return statusCode != RpcStatus.OK ? RpcStatus.label(statusCode) : thrown != null ? thrown.getClass().getName() : null;
  }

  @Override
  protected Level eventLevel() {
    return RpcStatus.isServerError(statusCode) ? Level.ERROR : Level.INFO;
  }

  @Override
  public String routeLabel() {
    return method;
  }

  @Override
  public String name() {
    return RpcNames.EVENT_RPC_REQUEST;
  }

  @Override
  public String message() {
    return method + " " + RpcStatus.label(statusCode);
  }

  @Override
  public void writeFields(JsonWriter out) {
    out.field(RpcNames.RPC_SYSTEM_NAME, RpcNames.GRPC)
        .field(RpcNames.RPC_METHOD, method)
        .field(RpcNames.RPC_RESPONSE_STATUS_CODE, RpcStatus.label(statusCode));
    writeRequestFields(out);
  }
}
