package io.lantern.instrumentation.reactornetty;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpClientOperations.onInboundNext(ctx, msg)}; hands off only. */
public final class ClientInboundAdvice {
  private ClientInboundAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object operations, @Advice.Argument(1) Object message) {
    return Hooks.enter(module, ReactorNettyClientTracker.INBOUND, operations, message, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.This Object operations,
      @Advice.Argument(1) Object message) {
    Hooks.exit(module, ReactorNettyClientTracker.INBOUND, state, operations, message, null);
  }
}
