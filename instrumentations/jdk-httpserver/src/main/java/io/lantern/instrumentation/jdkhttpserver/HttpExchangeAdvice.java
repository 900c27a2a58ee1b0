package io.lantern.instrumentation.jdkhttpserver;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into the JDK's {@code Filter.Chain.doFilter(exchange)}; hands off only. */
public final class HttpExchangeAdvice {
  private HttpExchangeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.Argument(0) Object exchange) {
    return Hooks.enter(module, HttpExchangeTracker.DO_FILTER, null, exchange, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Argument(0) Object exchange,
      @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, HttpExchangeTracker.DO_FILTER, state, exchange, null, thrown);
  }
}
