package io.lantern.instrumentation.jdbc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code execute*(String sql, ...)} of every {@code java.sql.Statement} implementation; hands off only. */
public final class ExecuteSqlAdvice {
  private ExecuteSqlAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object statement, @Advice.Argument(0) String sql) {
    return Hooks.enter(module, StatementTracker.EXECUTE_SQL, statement, sql, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, StatementTracker.EXECUTE_SQL, state, null, null, thrown);
  }
}
