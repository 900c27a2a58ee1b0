package io.lantern.bootstrap.googlegenai;

/**
 * Bootstrap-visible entry points of the google-genai advice, forwarding with java.base types to the
 * handler the agent installed from its own loader.
 */
public final class GoogleGenAiHooks {
  private GoogleGenAiHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    /**
     * A {@code generateContent}/{@code generateContentStream} method starts; {@code origin} is
     * {@code <declaring type>.<method>}. Returns the hook state.
     */
    Object enter(Object apiClient, Object model, Object contents, Object config, String origin);

    void exit(Object state, Object returned, Throwable thrown);

    /** {@code ResponseStream.iterator()} returned {@code iterator}; returns the iterator to hand out. */
    Object iterator(Object responseStream, Object iterator);

    /** {@code ResponseStream.close()} ran. */
    void closed(Object responseStream);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object enter(Object apiClient, Object model, Object contents, Object config, String origin) {
    Handler current = handler;
    return current == null ? null : current.enter(apiClient, model, contents, config, origin);
  }

  public static void exit(Object state, Object returned, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, returned, thrown);
    }
  }

  public static Object iterator(Object responseStream, Object iterator) {
    Handler current = handler;
    return current == null || iterator == null ? iterator : current.iterator(responseStream, iterator);
  }

  public static void closed(Object responseStream) {
    Handler current = handler;
    if (current != null) {
      current.closed(responseStream);
    }
  }
}
