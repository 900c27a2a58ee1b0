package io.lantern.instrumentation.vertx;

import io.lantern.bootstrap.Hooks;
import io.vertx.core.Vertx;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of vertx-web's {@code RouteState.handleContext/handleFailure(routingContext)}; hands off only. */
public final class RouteAdvice {
  private RouteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object route, @Advice.Argument(0) Object routingContext) {
    Hooks.enter(module, VertxServerTracker.ROUTE, route, routingContext, Vertx.currentContext());
  }
}
