package io.lantern.instrumentation.reactornetty;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ChannelOperations.onInboundError(err)} and {@code
 * HttpClientOperations.onOutboundError(err)}: a client exchange may fail before its response head
 * (a server operations object is not the client tracker's and is ignored); hands off only.
 */
public final class ClientErrorAdvice {
  private ClientErrorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object operations, @Advice.Argument(0) Object error) {
    Hooks.enter(module, ReactorNettyClientTracker.ERROR, operations, error, null);
  }
}
