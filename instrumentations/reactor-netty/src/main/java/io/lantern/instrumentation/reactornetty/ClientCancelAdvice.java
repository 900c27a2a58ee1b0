package io.lantern.instrumentation.reactornetty;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClientOperations.onInboundCancel()}: the exchange may end before its response head; hands off only. */
public final class ClientCancelAdvice {
  private ClientCancelAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object operations) {
    Hooks.enter(module, ReactorNettyClientTracker.CANCEL, operations, null, null);
  }
}
