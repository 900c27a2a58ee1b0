package io.lantern.instrumentation.vertx;

import io.lantern.bootstrap.Hooks;
import io.vertx.core.Vertx;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of vertx-web's {@code RoutingContextImpl.checkHandleNoMatch()}; hands off only. */
public final class NoMatchAdvice {
  private NoMatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module) {
    Hooks.enter(module, VertxServerTracker.NO_MATCH, null, null, Vertx.currentContext());
  }
}
