package io.lantern.instrumentation.vertx;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code Http1xServerRequest.handleBegin}; hands off only. */
public final class RequestBeginAdvice {
  private RequestBeginAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object request,
      @Advice.FieldValue("context") Object context) {
    Hooks.exit(module, VertxServerTracker.BEGIN, null, request, context, null);
  }
}
