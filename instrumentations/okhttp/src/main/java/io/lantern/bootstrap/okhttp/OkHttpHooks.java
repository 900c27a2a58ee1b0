package io.lantern.bootstrap.okhttp;

/**
 * Bootstrap-visible entry points of the OkHttp advice, forwarding with java.base types to the
 * handler the agent installed from its own loader.
 */
public final class OkHttpHooks {
  private OkHttpHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    void enqueue(Object call);

    Object enter(Object call);

    void exit(Object state, Object response, Throwable thrown);

    Object request(Object request);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static void enqueue(Object call) {
    Handler current = handler;
    if (current != null) {
      current.enqueue(call);
    }
  }

  public static Object enter(Object call) {
    Handler current = handler;
    return current == null ? null : current.enter(call);
  }

  public static void exit(Object state, Object response, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, response, thrown);
    }
  }

  /** The request the interceptor chain starts with, with the trace context added while a call is in progress. */
  public static Object request(Object request) {
    Handler current = handler;
    return current == null ? request : current.request(request);
  }
}
