package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of the constructors of ForkJoinTask's adapters, whose first argument is the wrapped task. */
public final class CaptureWrappingAdvice {
  private CaptureWrappingAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object task, @Advice.Argument(0) Object wrapped) {
    Hooks.exit(module, TaskTracker.CAPTURE_WRAPPING, wrapped, task, null, null);
  }
}
