package io.lantern.instrumentation.logback;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into logback's {@code Logger.callAppenders(ILoggingEvent)}, which logback calls once per
 * record, on the logging thread, after the logger's level and the turbo filters let it through.
 * Woven only with {@code lantern.logs.capture=true}. Hands off only.
 */
public final class CallAppendersAdvice {
  private CallAppendersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.Argument(0) Object event) {
    Hooks.enter(module, LogbackMdcTracker.CALL_APPENDERS, null, event, null);
  }
}
