package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.langchain4j.LangChain4jHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code StreamingChatModel.chat(ChatRequest, StreamingChatResponseHandler)}; hands
 * off only. The call ends when the handler hears of the end ({@link CompleteAdvice}, {@link ErrorAdvice}, {@link CancelAdvice}).
 */
public final class StreamChatAdvice {
  private StreamChatAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object model, @Advice.Argument(0) Object request,
      @Advice.Argument(1) Object responseHandler) {
    return LangChain4jHooks.enter(model, request, true, responseHandler);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    LangChain4jHooks.exit(state, null, thrown);
  }
}
