package io.lantern.instrumentation.jdbc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the no-argument {@code execute*()} of prepared/callable statements and
 * {@code executeBatch()/executeLargeBatch()} of every statement; hands off only. The method name
 * is a constant in the inlined code, so the site is chosen once per woven method by the JIT.
 */
public final class ExecuteAdvice {
  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object statement, @Advice.Origin("#m") String method) {
    return Hooks.enter(module, method.endsWith("Batch") ? StatementTracker.EXECUTE_BATCH : StatementTracker.EXECUTE_PREPARED,
        statement, null, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, StatementTracker.EXECUTE_PREPARED, state, null, null, thrown);
  }
}
