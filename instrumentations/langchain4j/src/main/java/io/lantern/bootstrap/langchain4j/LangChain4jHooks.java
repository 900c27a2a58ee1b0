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
     * {@code ChatModel.chat(ChatRequest...)} (handler null) or {@code StreamingChatModel.chat(ChatRequest...,
     * StreamingChatResponseHandler)} starts. Returns the hook state.
     */
    Object enter(Object model, Object request, boolean streaming, Object responseHandler);

    void exit(Object state, Object returned, Throwable thrown);

    /** A partial response, thinking or tool call reached a response handler; {@code context} may be null. */
    void partial(Object responseHandler, Object context);

    /** {@code onCompleteResponse(ChatResponse)} of a response handler starts. */
    void complete(Object responseHandler, Object response);

    /** {@code onError(Throwable)} of a response handler starts. */
    void failed(Object responseHandler, Throwable error);

    /** {@code StreamingHandle.cancel()} ran. */
    void cancelled(Object streamingHandle);
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static Object enter(Object model, Object request, boolean streaming, Object responseHandler) {
    Handler current = handler;
    return current == null ? null : current.enter(model, request, streaming, responseHandler);
  }

  public static void exit(Object state, Object returned, Throwable thrown) {
    Handler current = handler;
    if (current != null && state != null) {
      current.exit(state, returned, thrown);
    }
  }

  public static void partial(Object responseHandler, Object context) {
    Handler current = handler;
    if (current != null) {
      current.partial(responseHandler, context);
    }
  }

  public static void complete(Object responseHandler, Object response) {
    Handler current = handler;
    if (current != null) {
      current.complete(responseHandler, response);
    }
  }

  public static void failed(Object responseHandler, Throwable error) {
    Handler current = handler;
    if (current != null) {
      current.failed(responseHandler, error);
    }
  }

  public static void cancelled(Object streamingHandle) {
    Handler current = handler;
    if (current != null) {
      current.cancelled(streamingHandle);
    }
  }
}
