package io.lantern.instrumentation.jul;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDK's {@code java.util.logging.Logger.log(LogRecord)}, through which every JUL
 * logging call goes (capture on only). Hands off only.
 */
public final class JulLogAdvice {
  private JulLogAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.Argument(0) Object record) {
    return Hooks.enter(module, JulTracker.LOG, null, record, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state) {
    Hooks.exit(module, JulTracker.LOG, state, null, null, null);
  }
}
