package io.lantern.instrumentation.jdkhttpserver;

import io.lantern.agent.Names;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The request headers the HTTP server recorder reads, taken in one pass over the exchange's
 * header map. {@code Headers.getFirst} (and {@code get}, {@code containsKey}) copies the name to
 * normalize it on every read (96 B for {@code traceparent}); here each stored name is compared to
 * the wanted ones ignoring case, which allocates nothing. One per request thread, reused: filled
 * before the recorder starts, cleared right after, so it holds no request's values in between.
 */
final class InboundHeaders implements Consumer<Map.Entry<String, List<String>>> {
  private final String tenantHeader;
  private Object exchange;
  private String traceparent;
  private String tracestate;
  private String requestId;
  private String tenant;

  /** @param tenantHeader {@code lantern.http.server.tenant-header}, or null */
  InboundHeaders(String tenantHeader) {
    this.tenantHeader = tenantHeader;
  }

  void read(Object exchange, Map<String, List<String>> headers) {
    this.exchange = exchange;
    headers.entrySet().forEach(this);
  }

  void clear() {
    exchange = null;
    traceparent = tracestate = requestId = tenant = null;
  }

  /** True when {@code name} was read for {@code exchange} (its value then from {@link #value}). */
  boolean holds(Object exchange, String name) {
    return exchange == this.exchange && exchange != null
        && (name == Names.TRACEPARENT || name == Names.TRACESTATE || name == Names.X_REQUEST_ID
            || (name == tenantHeader && name != null));
  }

  String value(String name) {
    if (name == Names.TRACEPARENT) {
      return traceparent;
    }
    if (name == Names.TRACESTATE) {
      return tracestate;
    }
    return name == Names.X_REQUEST_ID ? requestId : tenant;
  }

  @Override
  public void accept(Map.Entry<String, List<String>> entry) {
    String name = entry.getKey();
    if (name == null) {
      return;
    }
    // names are unique in the map (stored normalized); equalsIgnoreCase compares lengths first
    if (name.equalsIgnoreCase(Names.TRACEPARENT)) {
      traceparent = first(entry.getValue());
    } else if (name.equalsIgnoreCase(Names.TRACESTATE)) {
      tracestate = first(entry.getValue());
    } else if (name.equalsIgnoreCase(Names.X_REQUEST_ID)) {
      requestId = first(entry.getValue());
    }
    if (tenantHeader != null && name.equalsIgnoreCase(tenantHeader)) {
      tenant = first(entry.getValue());
    }
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
