package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of {@code ForkJoinTask.fork()}. */
public final class ForkAdvice {
  private ForkAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object task) {
    Hooks.enter(module, TaskTracker.CAPTURE_IF_ABSENT, null, task, null);
  }
}
