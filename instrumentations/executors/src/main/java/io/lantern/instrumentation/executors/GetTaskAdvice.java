package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.executors.ContextHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ThreadPoolExecutor.getTask()}, which a worker calls between tasks: before,
 * the last task's span stops being current; after, the next task's span becomes current. This
 * covers tasks the application passes to {@code execute} as they are (lambdas included) without
 * wrapping them.
 */
public final class GetTaskAdvice {
  private GetTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    ContextHooks.workerIdle();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Return Object task) {
    ContextHooks.workerTask(task);
  }
}
