package io.lantern.instrumentation.anthropic;

import io.lantern.bootstrap.anthropic.AnthropicHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code close()} of the SDK's stream responses (blocking and async); hands off only. */
public final class CloseAdvice {
  private CloseAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object self) {
    AnthropicHooks.closed(self);
  }
}
