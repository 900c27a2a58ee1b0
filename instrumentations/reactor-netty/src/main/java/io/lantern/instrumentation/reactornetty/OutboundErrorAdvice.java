package io.lantern.instrumentation.reactornetty;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code HttpServerOperations.onOutboundError(err)}, once the error status is set. */
public final class OutboundErrorAdvice {
  private OutboundErrorAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object operations, @Advice.Argument(0) Throwable error) {
    Hooks.exit(module, ReactorNettyTracker.OUTBOUND_ERROR, null, operations, null, error);
  }
}
