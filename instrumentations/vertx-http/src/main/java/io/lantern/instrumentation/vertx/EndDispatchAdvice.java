package io.lantern.instrumentation.vertx;

import io.lantern.bootstrap.Hooks;
import io.vertx.core.Vertx;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code VertxImpl.endDispatch(previous)}, while the ending context is still
 * the thread's current one; hands off only.
 */
public final class EndDispatchAdvice {
  private EndDispatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.Argument(0) Object previous) {
    Hooks.enter(module, VertxServerTracker.DISPATCH_END, null, previous, Vertx.currentContext());
  }
}
