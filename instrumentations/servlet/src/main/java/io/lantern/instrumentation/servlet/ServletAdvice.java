package io.lantern.instrumentation.servlet;

import io.lantern.bootstrap.servlet.ServletHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Servlet.service(request, response)} and
 * {@code Filter.doFilter(request, response, chain)} of both servlet namespaces; hands off only.
 */
public final class ServletAdvice {
  private ServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response) {
    return ServletHooks.enter(request, response);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Argument(0) Object request,
      @Advice.Argument(1) Object response, @Advice.Thrown Throwable thrown) {
    ServletHooks.exit(state, request, response, thrown);
  }
}
