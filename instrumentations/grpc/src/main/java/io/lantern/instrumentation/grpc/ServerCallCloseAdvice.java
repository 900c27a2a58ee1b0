package io.lantern.instrumentation.grpc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ServerCallImpl.close(Status, Metadata)}: the application closes the call; hands off only. */
public final class ServerCallCloseAdvice {
  private ServerCallCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.This Object call, @Advice.Argument(0) Object status) {
    Hooks.enter(module, GrpcTracker.SERVER_CLOSE, call, status, null);
  }
}
