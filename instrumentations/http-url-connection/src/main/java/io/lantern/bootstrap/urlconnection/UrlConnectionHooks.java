package io.lantern.bootstrap.urlconnection;

/**
 * Bootstrap-visible entry points of the {@code HttpURLConnection} advice, forwarding with
 * java.base types to the handler the agent installed from its own loader.
 */
public final class UrlConnectionHooks {
  private UrlConnectionHooks() {}

  /** {@code connect()}. */
  public static final int CONNECT = 0;
  /** {@code getOutputStream()}: the request has a body. */
  public static final int OUTPUT = 1;
  /** {@code getInputStream()}: reads the response (also what {@code getResponseCode()} calls). */
  public static final int INPUT = 2;

  /** Implemented inside the agent. */
  public interface Handler {
    Object enter(Object connection, int method, boolean connected);

    void exit(Object state, Object connection, int method, int responseCode, Throwable thrown);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object enter(Object connection, int method, boolean connected) {
    Handler current = handler;
    return current == null ? null : current.enter(connection, method, connected);
  }

  public static void exit(Object state, Object connection, int method, int responseCode, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, connection, method, responseCode, thrown);
    }
  }
}
