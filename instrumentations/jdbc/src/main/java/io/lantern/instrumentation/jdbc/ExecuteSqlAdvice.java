package io.lantern.instrumentation.jdbc;

import io.lantern.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code execute*(String sql, ...)} of every {@code java.sql.Statement} implementation; hands off only. */
public final class ExecuteSqlAdvice {
  private ExecuteSqlAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object statement, @Advice.Argument(0) String sql) {
    return JdbcHooks.enter(statement, sql, JdbcHooks.SQL_ARGUMENT);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    JdbcHooks.exit(state, thrown);
  }
}
