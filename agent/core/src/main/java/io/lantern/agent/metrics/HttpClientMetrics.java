package io.lantern.agent.metrics;

import io.lantern.agent.Names;
import io.lantern.agent.trace.TraceExemplarSampler;
import io.prometheus.client.Histogram;

/**
 * {@code http_client_request_duration_seconds}. The server host name is the high-cardinality
 * label: it is the {@link SeriesTable}'s primary, so past {@code lantern.metrics.max-series}
 * combinations new hosts become {@code _OTHER} and the overflow is counted. Method and status
 * are packed into an int, {@code error_type} is the secondary: the hot path builds no label list.
 */
public final class HttpClientMetrics {
  /** Status code in a series key when no response was received (the label is empty). */
  public static final int NO_RESPONSE = 0;

  private final SeriesTable<Histogram.Child> durations;

  public HttpClientMetrics(LanternMetrics metrics) {
    Histogram duration =
        Histogram.build(Names.HTTP_CLIENT_REQUEST_DURATION, "Duration of outbound HTTP client requests.")
            .labelNames(Names.HTTP_REQUEST_METHOD, Names.HTTP_RESPONSE_STATUS_CODE, Names.SERVER_ADDRESS, Names.ERROR_TYPE)
            .buckets(LanternMetrics.HTTP_DURATION_BUCKETS)
            .withExemplarSampler(new TraceExemplarSampler())
            .register(metrics.registry());
    this.durations =
        new SeriesTable<>(
            metrics.maxSeries(),
            (serverAddress, packed, errorType) ->
                duration.labels(
                    HttpMethods.label(packed / 1000), statusLabel(packed % 1000), serverAddress,
                    errorType == null ? "" : errorType),
            metrics.overflowCounter(Names.HTTP_CLIENT_REQUEST_DURATION));
  }

  /**
   * Records one call; call it while the call's span is current so the exemplar names it.
   *
   * @param status the response status, or {@link #NO_RESPONSE}
   * @param serverAddress the server's host name, or null when unknown ({@code _OTHER})
   */
  public void recordDuration(int methodIndex, String serverAddress, int status, String errorType, double seconds) {
    int packed = methodIndex * 1000 + StatusCodes.normalize(status);
    durations.get(serverAddress == null ? Names.OTHER : serverAddress, packed, errorType).observe(seconds);
  }

  private static String statusLabel(int normalized) {
    return normalized == NO_RESPONSE ? "" : StatusCodes.label(normalized);
  }
}
