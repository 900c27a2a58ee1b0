package io.lantern.agent.http;

import io.lantern.agent.Names;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.JsonWriter;
import io.lantern.agent.log.Level;
import io.lantern.agent.metrics.HttpMethods;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.prometheus.client.Gauge;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One inbound HTTP request from start to end. It is its own server span and its own {@code
 * http_request} event: once ended it is handed to the event log (and the span exporter) as is, so a
 * request costs one object here, not three.
 */
public final class ServerRequest extends LanternSpan implements Event {
  private static final AtomicIntegerFieldUpdater<ServerRequest> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(ServerRequest.class, "ended");

  /** Distinct statement texts tracked per request for the repeated-query rule. */
  static final int MAX_TRACKED_STATEMENTS = 256;

  final int methodIndex;
  final boolean https;
  final String path;
  final String tenant;
  final String requestId;
  final Gauge.Child active;
  /** The span this request replaced as current on the thread that started it, until {@link HttpServerRecorder#detach}. */
  LanternSpan replacedCurrent;
  boolean attached;
  /** The route, for servers that know it when the request starts; null otherwise. */
  private String routeAtStart;

  // Written once by end(), read by the event writer thread after the queue hand-off.
  String route;
  int status;
  String errorType;
  long durationNanos;
  long endEpochMicros;
  Level level;
  // Database statements run on the request's thread(s) while it is current.
  int dbCount;
  long dbDurationNanos;
  private Map<String, int[]> statementCounts;
  private volatile int ended;

  ServerRequest(int methodIndex, boolean https, String path, String tenant, String requestId, Gauge.Child active) {
    this.methodIndex = methodIndex;
    this.https = https;
    this.path = path;
    this.tenant = tenant;
    this.requestId = requestId;
    this.active = active;
  }

  /** The request the current span belongs to (its server span or one of its children), or null. */
  public static ServerRequest current() {
    LanternSpan span = Tracing.current();
    LanternSpan root = span == null ? null : span.localRoot();
    return root instanceof ServerRequest ? (ServerRequest) root : null;
  }

  /**
   * Counts one database statement of this request: {@code db_count}, {@code db_duration_ms}, and
   * how often each sanitized text ran (the repeated-query rule, reported when the request ends).
   * Called on the thread the request is current on, which runs its statements one at a time, so
   * plain fields and no lock; {@link HttpServerRecorder#end} reads them on that thread (or after
   * the async hand-off), the event writer after the queue hand-off.
   */
  public void addDbStatement(String sanitizedText, long durationNanos) {
    dbCount++;
    dbDurationNanos += durationNanos;
    if (sanitizedText == null) {
      return;
    }
    if (statementCounts == null) {
      statementCounts = new HashMap<>();
    }
    int[] count = statementCounts.get(sanitizedText);
    if (count == null) {
      if (statementCounts.size() >= MAX_TRACKED_STATEMENTS) {
        return;
      }
      count = new int[1];
      statementCounts.put(sanitizedText, count);
    }
    count[0]++;
  }

  /** Sanitized statement texts run at least {@code threshold} times, with their counts. */
  Map<String, Integer> repeatedStatements(int threshold) {
    Map<String, Integer> repeated = null;
    if (statementCounts != null && threshold > 0) {
      for (Map.Entry<String, int[]> entry : statementCounts.entrySet()) {
        if (entry.getValue()[0] >= threshold) {
          if (repeated == null) {
            repeated = new HashMap<>();
          }
          repeated.put(entry.getKey(), entry.getValue()[0]);
        }
      }
    }
    return repeated;
  }

  /** The tenant read from {@code lantern.http.server.tenant-header}, or null. */
  public String tenant() {
    return tenant;
  }

  /** True for exactly one caller: a request is recorded once however many ways it ends. */
  boolean markEnded() {
    return ENDED.compareAndSet(this, 0, 1);
  }

  /**
   * Remembers the route known when the request starts, for servers whose request object may
   * describe another request by the time this one ends (the JDK HttpServer's exchange reads its
   * context from the keep-alive connection, which the next request on it re-targets).
   */
  public void routeAtStart(String route) {
    this.routeAtStart = route;
  }

  public String routeAtStart() {
    return routeAtStart;
  }

  @Override
  public String name() {
    return Names.EVENT_HTTP_REQUEST;
  }

  @Override
  public Level level() {
    return level;
  }

  @Override
  public long epochMicros() {
    return endEpochMicros;
  }

  @Override
  public String message() {
    return HttpMethods.label(methodIndex) + " " + route + " " + status;
  }

  @Override
  public LanternSpan span() {
    return this;
  }

  @Override
  public void writeFields(JsonWriter out) {
    out.field(Names.HTTP_REQUEST_METHOD, HttpMethods.label(methodIndex))
        .field(Names.HTTP_ROUTE, route)
        .field(Names.URL_PATH, path)
        .field(Names.URL_SCHEME, https ? "https" : "http")
        .field(Names.HTTP_RESPONSE_STATUS_CODE, status)
        .field(Names.DURATION_MS, durationNanos / 1e6)
        .field(Names.DB_COUNT, dbCount)
        .field(Names.DB_DURATION_MS, dbDurationNanos / 1e6)
        .field(Names.ERROR_TYPE, errorType)
        .field(Names.TENANT, tenant)
        .field(Names.REQUEST_ID, requestId)
        .field(Names.PARENT_SPAN_ID, hasRemoteParent() ? parentSpanIdHex() : null);
  }
}
