package io.lantern.instrumentation.jdkhttpclient;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDK's {@code HttpClientImpl.send(request, handler)} and
 * {@code sendAsync(request, handler, pushHandler)}; hands off only. The result is the response,
 * or the future of it.
 */
public final class SendAdvice {
  private SendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.Argument(0) Object request) {
    return Hooks.enter(module, JdkHttpClientTracker.SEND, null, request, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Return Object result,
      @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, JdkHttpClientTracker.SEND, state, null, result, thrown);
  }
}
