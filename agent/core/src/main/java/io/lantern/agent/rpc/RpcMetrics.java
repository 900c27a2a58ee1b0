package io.lantern.agent.rpc;

import io.lantern.agent.Names;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.metrics.SeriesTable;
import io.lantern.agent.trace.TraceExemplarSampler;
import io.prometheus.client.Histogram;

/**
 * {@code rpc_server_call_duration_seconds} or {@code rpc_client_call_duration_seconds} (the HTTP
 * buckets). The method is the {@link SeriesTable}'s primary (past {@code lantern.metrics.max-series}
 * new methods become {@code _OTHER}); the status code is packed, the client's server address is
 * the secondary. {@code error_type} is the status code's name for a non-OK status.
 */
public final class RpcMetrics {
  private final SeriesTable<Histogram.Child> durations;

  private RpcMetrics(LanternMetrics metrics, String name, String help, boolean client) {
    Histogram duration = (client
        ? Histogram.build(name, help).labelNames(RpcNames.RPC_SYSTEM_NAME, RpcNames.RPC_METHOD,
            RpcNames.RPC_RESPONSE_STATUS_CODE, Names.ERROR_TYPE, Names.SERVER_ADDRESS)
        : Histogram.build(name, help).labelNames(RpcNames.RPC_SYSTEM_NAME, RpcNames.RPC_METHOD,
            RpcNames.RPC_RESPONSE_STATUS_CODE, Names.ERROR_TYPE))
        .buckets(LanternMetrics.HTTP_DURATION_BUCKETS)
        .withExemplarSampler(new TraceExemplarSampler())
        .register(metrics.registry());
    this.durations = new SeriesTable<>(metrics.maxSeries(), (method, code, serverAddress) -> {
      String status = RpcStatus.label(code);
      String errorType = code == RpcStatus.OK ? "" : status;
      return client
          ? duration.labels(RpcNames.GRPC, method, status, errorType, serverAddress == null ? "" : serverAddress)
          : duration.labels(RpcNames.GRPC, method, status, errorType);
    }, metrics.overflowCounter(name));
  }

  public static RpcMetrics server(LanternMetrics metrics) {
    return new RpcMetrics(metrics, RpcNames.RPC_SERVER_CALL_DURATION, "Duration of inbound RPCs.", false);
  }

  public static RpcMetrics client(LanternMetrics metrics) {
    return new RpcMetrics(metrics, RpcNames.RPC_CLIENT_CALL_DURATION, "Duration of outbound RPCs.", true);
  }

  /** Records one call; call it while the call's span is current so the exemplar names it. */
  public void record(String method, int statusCode, String serverAddress, double seconds) {
    durations.get(method == null ? Names.OTHER : method, RpcStatus.normalize(statusCode), serverAddress).observe(seconds);
  }
}
