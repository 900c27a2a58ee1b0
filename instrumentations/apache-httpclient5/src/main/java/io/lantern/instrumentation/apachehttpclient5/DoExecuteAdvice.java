package io.lantern.instrumentation.apachehttpclient5;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code doExecute(target, request, context)} of the classic clients; hands off only. */
public final class DoExecuteAdvice {
  private DoExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.Argument(0) Object target, @Advice.Argument(1) Object request) {
    return Hooks.enter(module, ApacheHttpClient5Tracker.EXECUTE, null, request, target);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Return Object response,
      @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, ApacheHttpClient5Tracker.EXECUTE, state, null, response, thrown);
  }
}
