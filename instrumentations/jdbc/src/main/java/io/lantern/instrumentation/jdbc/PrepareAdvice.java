package io.lantern.instrumentation.jdbc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Connection.prepareStatement/prepareCall(String, ...)}: remembers the SQL of the statement returned. */
public final class PrepareAdvice {
  private PrepareAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object connection, @Advice.Argument(0) String sql,
      @Advice.Return Object statement) {
    Hooks.exit(module, StatementTracker.PREPARE, sql, connection, statement, null);
  }
}
