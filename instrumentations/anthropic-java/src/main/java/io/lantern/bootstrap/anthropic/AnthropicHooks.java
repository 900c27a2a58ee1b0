package io.lantern.bootstrap.anthropic;

/**
 * Bootstrap-visible entry points of the anthropic-java advice, forwarding with java.base types to
 * the handler the agent installed from its own loader.
 */
public final class AnthropicHooks {
  private AnthropicHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    /** A messages service method starts; {@code origin} is {@code <declaring type>.<method>}. Returns the hook state. */
    Object enter(Object params, String origin);

    void exit(Object state, Object returned, Throwable thrown);

    /** {@code StreamResponse.stream()} returned {@code stream}; returns the stream to hand out. */
    Object stream(Object streamResponse, Object stream);

    /** {@code AsyncStreamResponse.subscribe(handler, ...)} is called; returns the handler to pass on. */
    Object subscribe(Object asyncStreamResponse, Object handler);

    /** {@code close()} of a {@code StreamResponse} or {@code AsyncStreamResponse} ran. */
    void closed(Object streamResponse);
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

  public static Object subscribe(Object asyncStreamResponse, Object subscriber) {
    Handler current = handler;
    return current == null || subscriber == null ? subscriber : current.subscribe(asyncStreamResponse, subscriber);
  }

  public static void closed(Object streamResponse) {
    Handler current = handler;
    if (current != null) {
      current.closed(streamResponse);
    }
  }
}
