package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code ChatModel.chat(ChatRequest[, ChatRequestOptions])} and {@code
 * EmbeddingModel.embed(EmbeddingRequest)} and {@code DefaultToolExecutor.executeWithContext(ToolExecutionRequest,
 * InvocationContext)} (told apart by the request); hands off only.
 */
public final class ChatAdvice {
  private ChatAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object model, @Advice.Argument(0) Object request) {
    return Hooks.enter(module, LangChain4jTracker.CHAT, model, request, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, LangChain4jTracker.CHAT, state, null, returned, thrown);
  }
}
