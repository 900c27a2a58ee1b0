package io.lantern.bootstrap.jdkhttpclient;

/**
 * Bootstrap-visible entry points of the {@code java.net.http.HttpClient} advice, forwarding with
 * java.base types to the handler the agent installed from its own loader.
 */
public final class JdkHttpClientHooks {
  private JdkHttpClientHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    Object enter(Object request);

    void exit(Object state, Object result, Throwable thrown);

    Object headers(Object headers);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object enter(Object request) {
    Handler current = handler;
    return current == null ? null : current.enter(request);
  }

  public static void exit(Object state, Object result, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, result, thrown);
    }
  }

  /** The request headers the client reads, with the trace context added while a call is in progress. */
  public static Object headers(Object headers) {
    Handler current = handler;
    return current == null ? headers : current.headers(headers);
  }
}
