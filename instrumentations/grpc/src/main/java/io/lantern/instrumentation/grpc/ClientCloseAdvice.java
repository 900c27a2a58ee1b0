package io.lantern.instrumentation.grpc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ClientCallImpl.closeObserver(Listener, Status, Metadata)}, the one way a call's {@code onClose} is run; hands off only. */
public final class ClientCloseAdvice {
  private ClientCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object call, @Advice.Argument(1) Object status) {
    Hooks.enter(module, GrpcTracker.CLIENT_CLOSE, call, status, null);
  }
}
