package io.lantern.instrumentation.jdbc;

import io.lantern.bootstrap.jdbc.JdbcHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Statement.addBatch(String)}: the batch is summarized by its first statement. */
public final class AddBatchAdvice {
  private AddBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object statement, @Advice.Argument(0) String sql) {
    JdbcHooks.addBatch(statement, sql);
  }
}
