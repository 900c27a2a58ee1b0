package io.lantern.bootstrap.logback;

import java.util.Map;

/** Bootstrap-visible entry point of the logback MDC advice, forwarding to the agent's handler. */
public final class LogbackMdcHooks {
  private LogbackMdcHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    /** The event's MDC with the current span's ids added, or {@code mdc} itself when none is current. */
    Map<String, String> withTrace(Map<String, String> mdc);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Map<String, String> withTrace(Map<String, String> mdc) {
    Handler current = handler;
    return current == null ? mdc : current.withTrace(mdc);
  }
}
