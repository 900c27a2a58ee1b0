package io.lantern.instrumentation.vertx;

import io.lantern.bootstrap.Hooks;
import io.vertx.core.Vertx;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of vertx-web's {@code RoutingContextImpl.fail(status)}; hands off only. */
public final class FailStatusAdvice {
  private FailStatusAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module) {
    Hooks.enter(module, VertxServerTracker.FAIL, null, null, Vertx.currentContext());
  }
}
