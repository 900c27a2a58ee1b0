package io.lantern.instrumentation.okhttp;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RealCall.getResponseWithInterceptorChain()}, which both {@code execute()}
 * and the dispatcher's run of an enqueued call go through, once per call; hands off only.
 */
public final class CallAdvice {
  private CallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object call) {
    return Hooks.enter(module, OkHttpTracker.CALL, call, null, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Return Object response,
      @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, OkHttpTracker.CALL, state, null, response, thrown);
  }
}
