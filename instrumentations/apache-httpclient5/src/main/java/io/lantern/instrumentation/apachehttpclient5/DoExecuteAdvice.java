package io.lantern.instrumentation.apachehttpclient5;

import io.lantern.bootstrap.apachehttpclient5.ApacheHttpClient5Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code doExecute(target, request, context)} of the classic clients; hands off only. */
public final class DoExecuteAdvice {
  private DoExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object target, @Advice.Argument(1) Object request) {
    return ApacheHttpClient5Hooks.enter(target, request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
    ApacheHttpClient5Hooks.exit(state, response, thrown);
  }
}
