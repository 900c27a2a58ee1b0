package io.lantern.instrumentation.okhttp;

import io.lantern.bootstrap.okhttp.OkHttpHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RealCall.getResponseWithInterceptorChain()}, which both {@code execute()}
 * and the dispatcher's run of an enqueued call go through, once per call; hands off only.
 */
public final class CallAdvice {
  private CallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object call) {
    return OkHttpHooks.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
    OkHttpHooks.exit(state, response, thrown);
  }
}
