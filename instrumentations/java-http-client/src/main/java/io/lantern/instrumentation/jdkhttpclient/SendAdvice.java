package io.lantern.instrumentation.jdkhttpclient;

import io.lantern.bootstrap.jdkhttpclient.JdkHttpClientHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the JDK's {@code HttpClientImpl.send(request, handler)} and
 * {@code sendAsync(request, handler, pushHandler)}; hands off only. The result is the response,
 * or the future of it.
 */
public final class SendAdvice {
  private SendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object request) {
    return JdkHttpClientHooks.enter(request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Return Object result, @Advice.Thrown Throwable thrown) {
    JdkHttpClientHooks.exit(state, result, thrown);
  }
}
