package io.lantern.instrumentation.jdbc;

import io.lantern.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the no-argument {@code execute*()} of prepared/callable statements and
 * {@code executeBatch()/executeLargeBatch()} of every statement; hands off only. The method name
 * is a constant in the inlined code.
 */
public final class ExecuteAdvice {
  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object statement, @Advice.Origin("#m") String method) {
    return JdbcHooks.enter(statement, null, method.endsWith("Batch") ? JdbcHooks.BATCH : JdbcHooks.PREPARED);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    JdbcHooks.exit(state, thrown);
  }
}
