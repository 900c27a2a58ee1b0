package io.lantern.agent.rpc;

/** The RPC domain's names (OpenTelemetry RPC semantic conventions v1.45, rendered for Prometheus). */
public final class RpcNames {
  private RpcNames() {}

  public static final String RPC_SERVER_CALL_DURATION = "rpc_server_call_duration_seconds";
  public static final String RPC_CLIENT_CALL_DURATION = "rpc_client_call_duration_seconds";
  public static final String RPC_SYSTEM_NAME = "rpc_system_name";
  public static final String RPC_METHOD = "rpc_method";
  public static final String RPC_RESPONSE_STATUS_CODE = "rpc_response_status_code";
  public static final String GRPC = "grpc";
  public static final String EVENT_RPC_REQUEST = "rpc_request";

  public static final String SPAN_RPC_SYSTEM_NAME = "rpc.system.name";
  public static final String SPAN_RPC_METHOD = "rpc.method";
  public static final String SPAN_RPC_RESPONSE_STATUS_CODE = "rpc.response.status_code";
}
