package io.lantern.instrumentation.openai;

import io.lantern.bootstrap.openai.OpenAiHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code close()} of the SDK's {@code StreamResponse} implementations; hands off only. */
public final class CloseAdvice {
  private CloseAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object self) {
    OpenAiHooks.closed(self);
  }
}
