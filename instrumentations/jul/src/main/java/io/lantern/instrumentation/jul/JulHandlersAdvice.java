package io.lantern.instrumentation.jul;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Logger.getHandlers()} and {@code accessCheckedHandlers()}: {@code log(LogRecord)}
 * asks for its handlers only after the logger's level and filter let the record through, so the
 * first such call inside it is where the record is captured.
 */
public final class JulHandlersAdvice {
  private JulHandlersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module) {
    Hooks.enter(module, JulTracker.HANDLERS, null, null, null);
  }
}
