package io.lantern.bootstrap.jdkhttpserver;

/**
 * Bootstrap-visible entry points of the JDK HttpServer advice, forwarding with java.base types to
 * the handler the agent installed from its own loader.
 */
public final class HttpExchangeHooks {
  private HttpExchangeHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    Object enter(Object exchange);

    void exit(Object state, Object exchange, Throwable thrown);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object enter(Object exchange) {
    Handler current = handler;
    return current == null ? null : current.enter(exchange);
  }

  public static void exit(Object state, Object exchange, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, exchange, thrown);
    }
  }
}
