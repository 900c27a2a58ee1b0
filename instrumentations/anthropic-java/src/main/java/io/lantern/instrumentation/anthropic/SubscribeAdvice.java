package io.lantern.instrumentation.anthropic;

import io.lantern.bootstrap.anthropic.AnthropicHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code subscribe(handler[, executor])} of the SDK's {@code AsyncStreamResponse}
 * implementations: for a response Lantern is measuring, the subscription gets a handler that shows
 * each event to Lantern, then to the application's handler.
 */
public final class SubscribeAdvice {
  private SubscribeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object self,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
    handler = AnthropicHooks.subscribe(self, handler);
  }
}
