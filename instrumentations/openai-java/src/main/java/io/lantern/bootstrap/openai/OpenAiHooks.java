package io.lantern.bootstrap.openai;

/**
 * Bootstrap-visible entry points of the openai-java advice, forwarding with java.base types to the
 * handler the agent installed from its own loader.
 */
public final class OpenAiHooks {
  private OpenAiHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    /** A service method starts; {@code origin} is {@code <declaring type>.<method>}. Returns the hook state. */
    Object enter(Object params, String origin);

    void exit(Object state, Object returned, Throwable thrown);

    /** {@code StreamResponse.stream()} returned {@code stream}; returns the stream to hand out. */
    Object stream(Object streamResponse, Object stream);

    /** {@code StreamResponse.close()} ran. */
    void closed(Object streamResponse);

    /** {@code AsyncStreamResponse.subscribe(handler, ...)} starts; returns the handler to subscribe. */
    Object subscribe(Object asyncStreamResponse, Object handler);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object enter(Object params, String origin) {
    Handler current = handler;
    return current == null ? null : current.enter(params, origin);
  }

  public static void exit(Object state, Object returned, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, returned, thrown);
    }
  }

  public static Object stream(Object streamResponse, Object stream) {
    Handler current = handler;
    return current == null || stream == null ? stream : current.stream(streamResponse, stream);
  }

  public static Object subscribe(Object asyncStreamResponse, Object streamHandler) {
    Handler current = handler;
    return current == null || streamHandler == null ? streamHandler : current.subscribe(asyncStreamResponse, streamHandler);
  }

  public static void closed(Object streamResponse) {
    Handler current = handler;
    if (current != null) {
      current.closed(streamResponse);
    }
  }
}
