package io.lantern.instrumentation.vertx;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code Http1xServerResponse.end(Buffer, PromiseInternal)}; hands off only. */
public final class ResponseEndAdvice {
  private ResponseEndAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object response,
      @Advice.FieldValue("context") Object context, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, VertxServerTracker.END, null, response, context, thrown);
  }
}
