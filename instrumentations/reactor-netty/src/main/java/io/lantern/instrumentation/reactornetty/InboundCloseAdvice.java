package io.lantern.instrumentation.reactornetty;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of {@code HttpServerOperations.onInboundClose()}: the connection closed. */
public final class InboundCloseAdvice {
  private InboundCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object operations) {
    Hooks.enter(module, ReactorNettyTracker.INBOUND_CLOSE, operations, null, null);
  }
}
