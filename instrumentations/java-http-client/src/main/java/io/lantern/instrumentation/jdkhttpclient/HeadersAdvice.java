package io.lantern.instrumentation.jdkhttpclient;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code headers()} of the JDK's built requests ({@code ImmutableHttpRequest}): the
 * client copies the user request's headers through it when a send starts, on the calling thread.
 */
public final class HeadersAdvice {
  private HeadersAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object headers) {
    headers = Hooks.exit(module, JdkHttpClientTracker.HEADERS, null, null, headers, null);
  }
}
