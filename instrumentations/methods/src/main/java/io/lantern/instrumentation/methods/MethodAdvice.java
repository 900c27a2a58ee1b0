package io.lantern.instrumentation.methods;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into a measured method whose result is not asynchronous: hands the method's class and
 * its name and descriptor (constants of the woven code) to the tracker, and what it threw.
 */
public final class MethodAdvice {
  private MethodAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.Origin Class<?> type,
      @Advice.Origin("#m#d") String method) {
    return Hooks.enter(module, MethodTracker.CALL, type, method, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, MethodTracker.RETURNED, state, null, null, thrown);
  }
}
