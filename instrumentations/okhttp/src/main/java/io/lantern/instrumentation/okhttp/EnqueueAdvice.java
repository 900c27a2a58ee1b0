package io.lantern.instrumentation.okhttp;

import io.lantern.bootstrap.okhttp.OkHttpHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code RealCall.enqueue(callback)}; hands off only. */
public final class EnqueueAdvice {
  private EnqueueAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object call) {
    OkHttpHooks.enqueue(call);
  }
}
