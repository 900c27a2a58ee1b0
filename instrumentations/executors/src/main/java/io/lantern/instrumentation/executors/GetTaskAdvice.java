package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.Hooks;
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
  public static void enter(@Hooks.Module int module) {
    Hooks.enter(module, TaskTracker.GET_TASK, null, null, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Return Object task) {
    Hooks.exit(module, TaskTracker.GET_TASK, null, null, task, null);
  }
}
