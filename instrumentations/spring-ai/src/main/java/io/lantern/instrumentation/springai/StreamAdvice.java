package io.lantern.instrumentation.springai;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code StreamingChatModel.stream(Prompt)} of Spring AI's models: the caller gets a
 * {@code Flux} over the model's own that measures each subscription (see {@code ObservedPublisher});
 * a method that throws is left alone.
 */
public final class StreamAdvice {
  private StreamAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object model, @Advice.Argument(0) Object prompt,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object flux) {
    flux = Hooks.exit(module, SpringAiTracker.STREAM, prompt, model, flux, null);
  }
}
