package io.lantern.instrumentation.springwebflux;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code HttpWebHandlerAdapter.createExchange(request, response)}; hands off the exchange. */
public final class CreateExchangeAdvice {
  private CreateExchangeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Return Object exchange) {
    Hooks.exit(module, WebFluxTracker.CREATE_EXCHANGE, null, null, exchange, null);
  }
}
