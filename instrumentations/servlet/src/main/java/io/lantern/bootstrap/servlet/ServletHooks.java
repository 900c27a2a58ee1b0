package io.lantern.bootstrap.servlet;

/**
 * Bootstrap-visible entry points of the servlet advice. The advice is inlined into classes of any
 * class loader (webapp, Spring Boot, system), which can all see the bootstrap path; this class only
 * forwards, with java.base types, to the handler the agent installed from its own loader.
 */
public final class ServletHooks {
  private ServletHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    Object enter(Object request, Object response);

    void exit(Object state, Object request, Object response, Throwable thrown);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object enter(Object request, Object response) {
    Handler current = handler;
    return current == null ? null : current.enter(request, response);
  }

  public static void exit(Object state, Object request, Object response, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, request, response, thrown);
    }
  }
}
