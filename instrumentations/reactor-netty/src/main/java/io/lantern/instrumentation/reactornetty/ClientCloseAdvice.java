package io.lantern.instrumentation.reactornetty;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClientOperations.onInboundClose()}: the exchange may end before its response head; hands off only. */
public final class ClientCloseAdvice {
  private ClientCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object operations) {
    Hooks.enter(module, ReactorNettyClientTracker.CLOSE, operations, null, null);
  }
}
