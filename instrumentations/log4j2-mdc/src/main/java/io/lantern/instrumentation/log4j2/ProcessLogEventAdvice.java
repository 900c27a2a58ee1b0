package io.lantern.instrumentation.log4j2;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into log4j-core's {@code LoggerConfig.processLogEvent(LogEvent, predicate)} (capture on only). */
public final class ProcessLogEventAdvice {
  private ProcessLogEventAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.Argument(0) Object event) {
    Hooks.enter(module, Log4j2ContextTracker.PROCESS_LOG_EVENT, null, event, null);
  }
}
