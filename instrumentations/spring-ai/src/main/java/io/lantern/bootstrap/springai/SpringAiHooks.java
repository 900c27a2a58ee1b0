package io.lantern.bootstrap.springai;

/**
 * Bootstrap-visible entry points of the Spring AI advice, forwarding with java.base types to the
 * handler the agent installed from its own loader.
 */
public final class SpringAiHooks {
  private SpringAiHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    /** {@code ChatModel.call(Prompt)} starts. Returns the hook state. */
    Object enter(Object model, Object prompt);

    void exit(Object state, Object returned, Throwable thrown);

    /** {@code StreamingChatModel.stream(Prompt)} returned {@code flux}; returns the flux to hand out. */
    Object stream(Object model, Object prompt, Object flux);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object enter(Object model, Object prompt) {
    Handler current = handler;
    return current == null ? null : current.enter(model, prompt);
  }

  public static void exit(Object state, Object returned, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, returned, thrown);
    }
  }

  public static Object stream(Object model, Object prompt, Object flux) {
    Handler current = handler;
    return current == null || flux == null ? flux : current.stream(model, prompt, flux);
  }
}
