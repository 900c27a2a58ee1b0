package io.lantern.instrumentation.reactornetty;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClientHandler.requestWithBody(operations)}: the request head is prepared; hands off only. */
public final class ClientRequestAdvice {
  private ClientRequestAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object handler, @Advice.Argument(0) Object operations) {
    Hooks.exit(module, ReactorNettyClientTracker.REQUEST, null, handler, operations, null);
  }
}
