package io.lantern.instrumentation.googlegenai;

import io.lantern.bootstrap.googlegenai.GoogleGenAiHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ResponseStream.close()}; hands off only. */
public final class CloseAdvice {
  private CloseAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object self) {
    GoogleGenAiHooks.closed(self);
  }
}
