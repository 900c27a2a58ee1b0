package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into a JDK task's one-shot run method: its span is current for the run, then forgotten. */
public final class RunAdvice {
  private RunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object task) {
    return Hooks.enter(module, TaskTracker.RUN, task, null, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object token, @Advice.This Object task) {
    Hooks.exit(module, TaskTracker.RUN, token, task, null, null);
  }
}
