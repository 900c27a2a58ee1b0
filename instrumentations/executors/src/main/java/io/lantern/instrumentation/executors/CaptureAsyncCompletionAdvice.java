package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code CompletableFuture.UniCompletion}'s constructor: a stage registered
 * with an executor ({@code thenApplyAsync} and the like) remembers the span current where it was
 * registered. Stages without one run on whichever thread completes their source.
 */
public final class CaptureAsyncCompletionAdvice {
  private CaptureAsyncCompletionAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object completion,
      @Advice.FieldValue("executor") Object executor) {
    if (executor != null) {
      Hooks.exit(module, TaskTracker.CAPTURE, null, completion, null, null);
    }
  }
}
