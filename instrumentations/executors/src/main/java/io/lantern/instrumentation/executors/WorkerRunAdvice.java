package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ThreadPoolExecutor.Worker.run()}: a new worker's first task does not come
 * from {@code getTask()}, so its span is made current here; when the worker ends nothing stays.
 */
public final class WorkerRunAdvice {
  private WorkerRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.FieldValue("firstTask") Object firstTask) {
    Hooks.enter(module, TaskTracker.WORKER_RUN, null, firstTask, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module) {
    Hooks.exit(module, TaskTracker.WORKER_RUN, null, null, null, null);
  }
}
