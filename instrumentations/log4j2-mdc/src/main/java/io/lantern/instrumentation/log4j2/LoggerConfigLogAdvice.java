package io.lantern.instrumentation.log4j2;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into log4j-core's {@code LoggerConfig.log(LogEvent, LoggerConfigPredicate)} and its
 * {@code AsyncLoggerConfig} override (capture on only): brackets the outermost call on a thread, so
 * that the first {@code processLogEvent} inside it (the record passed the config's filter) is
 * captured once, on the logging thread.
 */
public final class LoggerConfigLogAdvice {
  private LoggerConfigLogAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.Argument(0) Object event, @Advice.Argument(1) Object predicate) {
    return Hooks.enter(module, Log4j2ContextTracker.CONFIG_LOG, null, event, predicate);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state) {
    Hooks.exit(module, Log4j2ContextTracker.CONFIG_LOG, state, null, null, null);
  }
}
