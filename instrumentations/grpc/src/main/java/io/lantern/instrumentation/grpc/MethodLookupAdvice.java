package io.lantern.instrumentation.grpc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code ServerImpl$ServerTransportListenerImpl$1MethodLookup.runInternal()}:
 * where grpc answers a method it does not know ({@code UNIMPLEMENTED}) before any call object
 * exists; hands off only.
 */
public final class MethodLookupAdvice {
  private MethodLookupAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object lookup, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, GrpcTracker.SERVER_LOOKUP, null, lookup, null, thrown);
  }
}
