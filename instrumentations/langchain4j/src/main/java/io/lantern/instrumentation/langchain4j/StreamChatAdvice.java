package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.Hooks;
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
  public static Object enter(@Hooks.Module int module, @Advice.This Object model, @Advice.Argument(0) Object request,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object responseHandler) {
    Object state = Hooks.enter(module, LangChain4jTracker.STREAM_CHAT, model, request, null);
    responseHandler = Hooks.exit(module, LangChain4jTracker.HANDLER, state, model, responseHandler, null);
    return state;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, LangChain4jTracker.STREAM_CHAT, state, null, null, thrown);
  }

  /**
   * Inlined into {@code StreamingChatModel.chat(ChatRequest, ChatRequestOptions,
   * StreamingChatResponseHandler)} (1.13+): the same, with the handler third (an argument index is
   * a constant of the advice, hence the twin).
   */
  public static final class WithOptions {
    private WithOptions() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Hooks.Module int module, @Advice.This Object model, @Advice.Argument(0) Object request,
        @Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object responseHandler) {
      Object state = Hooks.enter(module, LangChain4jTracker.STREAM_CHAT, model, request, null);
      responseHandler = Hooks.exit(module, LangChain4jTracker.HANDLER, state, model, responseHandler, null);
      return state;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
      Hooks.exit(module, LangChain4jTracker.STREAM_CHAT, state, null, null, thrown); // inlined code calls the bootstrap only
    }
  }
}
