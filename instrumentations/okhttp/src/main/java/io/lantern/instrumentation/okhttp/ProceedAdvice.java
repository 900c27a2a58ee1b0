package io.lantern.instrumentation.okhttp;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code RealInterceptorChain.proceed(request)}. The chain at index 0 is the one the
 * call starts with the application's request: its request is replaced by a copy carrying the trace
 * context ({@code Request} is immutable), which every interceptor and the network then see.
 */
public final class ProceedAdvice {
  private ProceedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Hooks.Module int module, @Advice.FieldValue("index") int index,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    if (index == 0) {
      request = Hooks.enter(module, OkHttpTracker.REQUEST, null, request, null);
    }
  }
}
