package io.lantern.instrumentation.grpc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ClientCallImpl.start(Listener, Metadata)}; hands off only. */
public final class ClientStartAdvice {
  private ClientStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object call, @Advice.Argument(1) Object headers) {
    return Hooks.enter(module, GrpcTracker.CLIENT_START, call, headers, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.This Object call,
      @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, GrpcTracker.CLIENT_START, state, call, null, thrown);
  }
}
