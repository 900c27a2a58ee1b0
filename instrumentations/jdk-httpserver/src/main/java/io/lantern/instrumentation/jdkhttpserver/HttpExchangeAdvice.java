package io.lantern.instrumentation.jdkhttpserver;

import io.lantern.bootstrap.jdkhttpserver.HttpExchangeHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into the JDK's {@code Filter.Chain.doFilter(exchange)}; hands off only. */
public final class HttpExchangeAdvice {
  private HttpExchangeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object exchange) {
    return HttpExchangeHooks.enter(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Argument(0) Object exchange, @Advice.Thrown Throwable thrown) {
    HttpExchangeHooks.exit(state, exchange, thrown);
  }
}
