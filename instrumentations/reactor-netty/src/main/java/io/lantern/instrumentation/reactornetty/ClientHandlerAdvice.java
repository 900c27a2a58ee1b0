package io.lantern.instrumentation.reactornetty;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into the constructor of {@code HttpClientConnect.HttpClientHandler} (one per subscription to a request); hands off only. */
public final class ClientHandlerAdvice {
  private ClientHandlerAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object handler) {
    Hooks.enter(module, ReactorNettyClientTracker.SUBSCRIBED, handler, null, null);
  }
}
