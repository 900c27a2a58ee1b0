package io.lantern.instrumentation.jdbc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Statement.addBatch(String)}: the batch is summarized by its first statement. */
public final class AddBatchAdvice {
  private AddBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object statement, @Advice.Argument(0) String sql) {
    Hooks.enter(module, StatementTracker.ADD_BATCH, statement, sql, null);
  }
}
