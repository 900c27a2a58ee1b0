package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of a JDK task's constructor (FutureTask, CompletableFuture's async tasks, ...). */
public final class CaptureAdvice {
  private CaptureAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object task) {
    Hooks.exit(module, TaskTracker.CAPTURE, null, task, null, null);
  }
}
