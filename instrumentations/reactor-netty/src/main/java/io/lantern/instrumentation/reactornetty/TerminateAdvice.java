package io.lantern.instrumentation.reactornetty;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code ChannelOperations.terminate()}, which every Reactor Netty
 * connection's operations run (clients and TCP too: the tracker ignores what it did not start).
 */
public final class TerminateAdvice {
  private TerminateAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object operations) {
    Hooks.enter(module, ReactorNettyTracker.TERMINATE, operations, null, null);
  }
}
