package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.executors.ContextHooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of {@code ForkJoinTask.fork()}. */
public final class ForkAdvice {
  private ForkAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object task) {
    ContextHooks.captureIfAbsent(task);
  }
}
