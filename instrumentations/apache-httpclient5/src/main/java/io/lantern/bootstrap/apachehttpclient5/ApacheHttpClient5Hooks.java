package io.lantern.bootstrap.apachehttpclient5;

/**
 * Bootstrap-visible entry points of the Apache HttpClient 5 advice, forwarding with java.base
 * types to the handler the agent installed from its own loader.
 */
public final class ApacheHttpClient5Hooks {
  private ApacheHttpClient5Hooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    Object enter(Object target, Object request);

    void exit(Object state, Object response, Throwable thrown);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object enter(Object target, Object request) {
    Handler current = handler;
    return current == null ? null : current.enter(target, request);
  }

  public static void exit(Object state, Object response, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, response, thrown);
    }
  }
}
