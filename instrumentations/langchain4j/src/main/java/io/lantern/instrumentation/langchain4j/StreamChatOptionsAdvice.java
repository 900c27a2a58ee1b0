package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.langchain4j.LangChain4jHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code StreamingChatModel.chat(ChatRequest, ChatRequestOptions,
 * StreamingChatResponseHandler)} (1.13+); hands off only.
 */
public final class StreamChatOptionsAdvice {
  private StreamChatOptionsAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object model, @Advice.Argument(0) Object request,
      @Advice.Argument(2) Object responseHandler) {
    return LangChain4jHooks.enter(model, request, true, responseHandler);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    LangChain4jHooks.exit(state, null, thrown);
  }
}
