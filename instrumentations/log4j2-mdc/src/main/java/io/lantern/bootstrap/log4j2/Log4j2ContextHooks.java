package io.lantern.bootstrap.log4j2;

/** Bootstrap-visible entry point of the log4j2 context-data advice, forwarding to the agent's handler. */
public final class Log4j2ContextHooks {
  private Log4j2ContextHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    /**
     * The context data an injector produced ({@code StringMap}), with the current span's ids added;
     * {@code injected} itself when no span is current. {@code reusable} is the map the event passed in.
     */
    Object withTrace(Object injected, Object reusable);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object withTrace(Object injected, Object reusable) {
    Handler current = handler;
    return current == null || injected == null ? injected : current.withTrace(injected, reusable);
  }
}
