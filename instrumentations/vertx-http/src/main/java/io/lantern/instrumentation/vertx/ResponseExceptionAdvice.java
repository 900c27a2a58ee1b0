package io.lantern.instrumentation.vertx;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code Http1xServerResponse.handleException(throwable)}; hands off only. */
public final class ResponseExceptionAdvice {
  private ResponseExceptionAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object response,
      @Advice.FieldValue("context") Object context, @Advice.Argument(0) Throwable exception) {
    Hooks.exit(module, VertxServerTracker.CLOSED, exception, response, context, null);
  }
}
