package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.langchain4j.LangChain4jHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code StreamingChatModel.chat(ChatRequest, StreamingChatResponseHandler)}; hands
 * off only. The model is given an observing handler in place of the application's (see {@code
 * ObservedResponseHandler}): the call ends when that hears of the end.
 */
public final class StreamChatAdvice {
  private StreamChatAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object model, @Advice.Argument(0) Object request,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object responseHandler) {
    Object state = LangChain4jHooks.enter(model, request, true);
    responseHandler = LangChain4jHooks.responseHandler(state, responseHandler);
    return state;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    LangChain4jHooks.exit(state, null, thrown);
  }
}
