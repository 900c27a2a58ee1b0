package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of a submission taking the application's own task object (first argument). */
public final class SubmitAdvice {
  private SubmitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.Argument(0) Object task) {
    Hooks.enter(module, TaskTracker.CAPTURE_IF_ABSENT, null, task, null);
  }
}
