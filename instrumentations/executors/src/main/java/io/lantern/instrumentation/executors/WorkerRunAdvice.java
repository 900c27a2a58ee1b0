package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.executors.ContextHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ThreadPoolExecutor.Worker.run()}: a new worker's first task does not come
 * from {@code getTask()}, so its span is made current here; when the worker ends nothing stays.
 */
public final class WorkerRunAdvice {
  private WorkerRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue("firstTask") Object firstTask) {
    ContextHooks.workerTask(firstTask);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    ContextHooks.workerIdle();
  }
}
