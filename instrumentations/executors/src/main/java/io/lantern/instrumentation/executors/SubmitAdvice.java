package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.executors.ContextHooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of a submission taking the application's own task object (first argument). */
public final class SubmitAdvice {
  private SubmitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object task) {
    ContextHooks.captureIfAbsent(task);
  }
}
