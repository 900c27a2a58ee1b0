package io.lantern.instrumentation.vertx;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of {@code VertxImpl.beginDispatch(context)}; hands off only. */
public final class BeginDispatchAdvice {
  private BeginDispatchAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Argument(0) Object context) {
    Hooks.exit(module, VertxServerTracker.DISPATCH_BEGIN, null, null, context, null);
  }
}
