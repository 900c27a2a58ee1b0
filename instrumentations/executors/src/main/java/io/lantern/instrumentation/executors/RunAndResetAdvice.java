package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code FutureTask.runAndReset()} (periodic tasks): the span stays for the next run. */
public final class RunAndResetAdvice {
  private RunAndResetAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object task) {
    return Hooks.enter(module, TaskTracker.RUN_AND_RESET, task, null, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object token, @Advice.This Object task) {
    Hooks.exit(module, TaskTracker.RUN_AND_RESET, token, task, null, null);
  }
}
