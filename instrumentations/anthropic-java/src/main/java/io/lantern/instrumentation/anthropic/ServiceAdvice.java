package io.lantern.instrumentation.anthropic;

import io.lantern.bootstrap.anthropic.AnthropicHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code create(params, requestOptions)} / {@code createStreaming(...)} of the
 * messages services (blocking and async, GA and beta); hands off only. The origin string is a
 * constant in the inlined code.
 */
public final class ServiceAdvice {
  private ServiceAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object params, @Advice.Origin("#t.#m") String origin) {
    return AnthropicHooks.enter(params, origin);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    AnthropicHooks.exit(state, returned, thrown);
  }
}
