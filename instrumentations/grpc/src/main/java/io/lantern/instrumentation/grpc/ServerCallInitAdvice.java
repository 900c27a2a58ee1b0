package io.lantern.instrumentation.grpc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code ServerCallImpl}'s constructor (stream, method, headers, context, ...); hands off only. */
public final class ServerCallInitAdvice {
  private ServerCallInitAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object call, @Advice.Argument(1) Object method,
      @Advice.Argument(2) Object headers) {
    Hooks.enter(module, GrpcTracker.SERVER_START, call, method, headers);
  }
}
