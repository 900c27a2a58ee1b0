package io.lantern.instrumentation.springai;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code ChatModel.call(Prompt)} and {@code EmbeddingModel.call(EmbeddingRequest)} of
 * Spring AI's models and {@code ToolCallback.call(String[, ToolContext])} of its tool callbacks (told
 * apart by the argument); hands off only.
 */
public final class CallAdvice {
  private CallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object model, @Advice.Argument(0) Object prompt) {
    return Hooks.enter(module, SpringAiTracker.CALL, model, prompt, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, SpringAiTracker.CALL, state, null, returned, thrown);
  }
}
