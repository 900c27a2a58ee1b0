package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.executors.ContextHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code FutureTask.runAndReset()} (periodic tasks): the span stays for the next run. */
public final class RunAndResetAdvice {
  private RunAndResetAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object task) {
    return ContextHooks.attach(task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.This Object task) {
    ContextHooks.detach(token, task, false);
  }
}
