package io.lantern.instrumentation.reactornetty;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpServerOperations.onInboundNext(ctx, msg)}; hands off only. */
public final class InboundAdvice {
  private InboundAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object operations, @Advice.Argument(1) Object message) {
    return Hooks.enter(module, ReactorNettyTracker.INBOUND, operations, message, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.This Object operations) {
    Hooks.exit(module, ReactorNettyTracker.INBOUND, state, operations, null, null);
  }
}
