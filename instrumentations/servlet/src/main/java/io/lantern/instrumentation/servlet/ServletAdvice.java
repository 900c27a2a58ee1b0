package io.lantern.instrumentation.servlet;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Servlet.service(request, response)} and
 * {@code Filter.doFilter(request, response, chain)} of both servlet namespaces; hands off only.
 */
public final class ServletAdvice {
  private ServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.Argument(0) Object request) {
    return Hooks.enter(module, ServletRequestTracker.SERVICE, null, request, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Argument(0) Object request,
      @Advice.Argument(1) Object response, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, ServletRequestTracker.SERVICE, state, request, response, thrown);
  }
}
