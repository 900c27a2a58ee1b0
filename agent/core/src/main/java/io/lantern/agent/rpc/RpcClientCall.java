package io.lantern.agent.rpc;

import io.lantern.agent.operation.Operation;

/** One outbound RPC from its start to its close: its CLIENT span and its metrics record. */
public final class RpcClientCall extends Operation {
  final String method;
  final String serverAddress;
  // Written once by the caller that claimed the end.
  int statusCode;

  RpcClientCall(String method, String serverAddress) {
    this.method = method;
    this.serverAddress = serverAddress;
  }

  @Override
  protected String classifyError(Throwable thrown) {
    return statusCode != RpcStatus.OK ? RpcStatus.label(statusCode) : thrown != null ? thrown.getClass().getName() : null;
  }
}
