package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.executors.ContextHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into a JDK task's one-shot run method: its span is current for the run, then forgotten. */
public final class RunAdvice {
  private RunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object task) {
    return ContextHooks.attach(task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token, @Advice.This Object task) {
    ContextHooks.detach(token, task, true);
  }
}
