package io.lantern.instrumentation.executors;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of {@code Thread.start()} and {@code VirtualThread.start()}: the thread keeps the span current here. */
public final class ThreadStartAdvice {
  private ThreadStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object thread) {
    Hooks.enter(module, TaskTracker.THREAD_START, thread, null, null);
  }
}
