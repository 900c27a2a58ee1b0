package io.lantern.agent.metrics;

import io.lantern.agent.Names;
import io.lantern.agent.trace.TraceExemplarSampler;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;

/** {@code http_server_request_duration_seconds} and {@code http_server_active_requests}. */
public final class HttpServerMetrics {
  private static final String HTTP = "http";
  private static final String HTTPS = "https";

  private final SeriesTable<Histogram.Child> durations;
  private final SeriesTable<Gauge.Child> active;

  public HttpServerMetrics(LanternMetrics metrics) {
    Histogram duration =
        Histogram.build(Names.HTTP_SERVER_REQUEST_DURATION, "Duration of HTTP server requests.")
            .labelNames(Names.HTTP_REQUEST_METHOD, Names.HTTP_ROUTE, Names.HTTP_RESPONSE_STATUS_CODE, Names.URL_SCHEME, Names.ERROR_TYPE)
            .buckets(LanternMetrics.HTTP_DURATION_BUCKETS)
            .withExemplarSampler(new TraceExemplarSampler())
            .register(metrics.registry());
    Gauge activeRequests =
        Gauge.build(Names.HTTP_SERVER_ACTIVE_REQUESTS, "Number of HTTP server requests in flight.")
            .labelNames(Names.HTTP_REQUEST_METHOD, Names.URL_SCHEME)
            .register(metrics.registry());
    this.durations =
        new SeriesTable<>(
            metrics.maxSeries(),
            (route, packed, errorType) ->
                duration.labels(
                    HttpMethods.label(packed / 2000), route, StatusCodes.label(packed % 1000),
                    (packed / 1000) % 2 == 1 ? HTTPS : HTTP, errorType == null ? "" : errorType),
            metrics.overflowCounter(Names.HTTP_SERVER_REQUEST_DURATION));
    this.active =
        new SeriesTable<>(
            metrics.maxSeries(),
            (scheme, method, unused) -> activeRequests.labels(HttpMethods.label(method), scheme),
            metrics.overflowCounter(Names.HTTP_SERVER_ACTIVE_REQUESTS));
  }

  public Gauge.Child activeRequests(int methodIndex, boolean https) {
    return active.get(https ? HTTPS : HTTP, methodIndex, null);
  }

  public void recordDuration(int methodIndex, String route, int status, boolean https, String errorType, double seconds) {
    int packed = methodIndex * 2000 + (https ? 1000 : 0) + StatusCodes.normalize(status);
    durations.get(route, packed, errorType).observe(seconds);
  }

  public static boolean isHttps(String scheme) {
    return HTTPS.equalsIgnoreCase(scheme);
  }
}
