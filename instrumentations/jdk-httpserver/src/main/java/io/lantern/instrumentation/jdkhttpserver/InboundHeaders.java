package io.lantern.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.Headers;
import io.lantern.agent.Names;
import java.util.function.Consumer;

/**
 * Which of the headers the HTTP server recorder reads a request has, taken in one pass over the
 * names of the exchange's header map. {@code Headers.getFirst} (and {@code get}, {@code containsKey})
 * copies the name to normalize it on every read (96 B for {@code traceparent}), present or not;
 * here each stored name is compared to the wanted ones ignoring case, which allocates nothing (the
 * JDK's unmodifiable view allocates its key set once per request, 16 B), and only a present header
 * is read with {@code getFirst}. One per request thread, reused: filled before the recorder starts,
 * cleared right after, so it holds no request in between.
 */
final class InboundHeaders implements Consumer<String> {
  private final String tenantHeader;
  private Object exchange;
  private Headers headers;
  private boolean traceparent;
  private boolean tracestate;
  private boolean requestId;
  private boolean tenant;

  /** @param tenantHeader {@code lantern.http.server.tenant-header}, or null */
  InboundHeaders(String tenantHeader) {
    this.tenantHeader = tenantHeader;
  }

  void read(Object exchange, Headers headers) {
    this.exchange = exchange;
    this.headers = headers;
    headers.keySet().forEach(this);
  }

  void clear() {
    exchange = null;
    headers = null;
    traceparent = tracestate = requestId = tenant = false;
  }

  /** True when {@code name} was looked for in {@code exchange}'s headers (its value then from {@link #value}). */
  boolean holds(Object exchange, String name) {
    return exchange == this.exchange && exchange != null
        && (name == Names.TRACEPARENT || name == Names.TRACESTATE || name == Names.X_REQUEST_ID
            || (name == tenantHeader && name != null));
  }

  /** The first value of a name {@link #holds} said yes to; null, without a read, when the request has no such header. */
  String value(String name) {
    boolean present;
    if (name == Names.TRACEPARENT) {
      present = traceparent;
    } else if (name == Names.TRACESTATE) {
      present = tracestate;
    } else if (name == Names.X_REQUEST_ID) {
      present = requestId;
    } else {
      present = tenant;
    }
    return present ? headers.getFirst(name) : null;
  }

  @Override
  public void accept(String name) {
    if (name == null) {
      return;
    }
    // equalsIgnoreCase compares the lengths first
    traceparent |= name.equalsIgnoreCase(Names.TRACEPARENT);
    tracestate |= name.equalsIgnoreCase(Names.TRACESTATE);
    requestId |= name.equalsIgnoreCase(Names.X_REQUEST_ID);
    tenant |= tenantHeader != null && name.equalsIgnoreCase(tenantHeader);
  }
}
