package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.executors.ContextHooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of the constructors of ForkJoinTask's adapters, whose first argument is the wrapped task. */
public final class CaptureWrappingAdvice {
  private CaptureWrappingAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object task, @Advice.Argument(0) Object wrapped) {
    ContextHooks.captureWrapping(task, wrapped);
  }
}
