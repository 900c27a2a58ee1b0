package io.lantern.instrumentation.vertx;

import io.lantern.bootstrap.Hooks;
import io.vertx.core.Vertx;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of vertx-web's {@code RoutingContextImpl.fail(status, throwable)}; hands off only. */
public final class FailAdvice {
  private FailAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.Argument(1) Throwable failure) {
    Hooks.enter(module, VertxServerTracker.FAIL, null, failure, Vertx.currentContext());
  }
}
