package io.lantern.bootstrap.langchain4j;

/**
 * Bootstrap-visible entry points of the LangChain4j advice, forwarding with java.base types to the
 * handler the agent installed from its own loader.
 */
public final class LangChain4jHooks {
  private LangChain4jHooks() {}

  /** Implemented inside the agent. */
  public interface Handler {
    /**
     * {@code ChatModel.chat(ChatRequest...)} or {@code StreamingChatModel.chat(ChatRequest...,
     * StreamingChatResponseHandler)} starts. Returns the hook state.
     */
    Object enter(Object model, Object request, boolean streaming);

    /** The response handler to give the streaming call of {@code state}: an observing one, or the same. */
    Object responseHandler(Object state, Object responseHandler);

    void exit(Object state, Object returned, Throwable thrown);

    /** {@code StreamingHandle.cancel()} ran. */
    void cancelled(Object streamingHandle);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object enter(Object model, Object request, boolean streaming) {
    Handler current = handler;
    return current == null ? null : current.enter(model, request, streaming);
  }

  public static Object responseHandler(Object state, Object responseHandler) {
    Handler current = handler;
    return current == null || state == null ? responseHandler : current.responseHandler(state, responseHandler);
  }

  public static void exit(Object state, Object returned, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, returned, thrown);
    }
  }

  public static void cancelled(Object streamingHandle) {
    Handler current = handler;
    if (current != null) {
      current.cancelled(streamingHandle);
    }
  }
}
