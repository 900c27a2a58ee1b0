package io.lantern.instrumentation.okhttp;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code RealCall.enqueue(callback)}; hands off only. */
public final class EnqueueAdvice {
  private EnqueueAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object call) {
    Hooks.enter(module, OkHttpTracker.ENQUEUE, call, null, null);
  }
}
