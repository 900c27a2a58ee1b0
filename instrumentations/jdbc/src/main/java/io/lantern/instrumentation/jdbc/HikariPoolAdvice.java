package io.lantern.instrumentation.jdbc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into the constructor of {@code com.zaxxer.hikari.pool.HikariPool}: registers the live pool. */
public final class HikariPoolAdvice {
  private HikariPoolAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object pool, @Advice.Argument(0) Object config) {
    Hooks.exit(module, StatementTracker.POOL_CREATED, config, pool, null, null);
  }
}
