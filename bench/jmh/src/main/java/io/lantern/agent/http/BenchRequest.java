package io.lantern.agent.http;

/** An inbound GET as a server module's getter reads it: {method, scheme, path, traceparent}. */
public final class BenchRequest {
  private BenchRequest() {}

  public static final HttpServerGetter<String[]> GETTER = new HttpServerGetter<String[]>() {
    @Override
    public String method(String[] request) {
      return request[0];
    }

    @Override
    public String scheme(String[] request) {
      return request[1];
    }

    @Override
    public String path(String[] request) {
      return request[2];
    }

    @Override
    public String header(String[] request, String name) {
      return "traceparent".equals(name) ? request[3] : null;
    }
  };

  public static String[] of(String path, String traceparent) {
    return new String[] {"GET", "http", path, traceparent};
  }
}
