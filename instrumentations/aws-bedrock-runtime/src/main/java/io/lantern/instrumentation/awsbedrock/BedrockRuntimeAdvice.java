package io.lantern.instrumentation.awsbedrock;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into the Bedrock Runtime clients' methods; hands off only. The origin string ({@code
 * <declaring type>.<method>}) is a constant in the inlined code.
 */
public final class BedrockRuntimeAdvice {
  private BedrockRuntimeAdvice() {}

  /** {@code converse(request)} / {@code invokeModel(request)}, sync and async. */
  public static final class Unary {
    private Unary() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Hooks.Module int module, @Advice.Argument(0) Object request, @Advice.Origin("#t.#m") String origin) {
      return Hooks.enter(module, BedrockRuntimeTracker.CALL, null, request, origin);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.Enter Object state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Thrown Throwable thrown) {
      Hooks.exit(module, BedrockRuntimeTracker.CALL, state, null, returned, thrown);
    }
  }

  /**
   * {@code converseStream(request, handler)} / {@code invokeModelWithResponseStream(request,
   * handler)} of the async client: the call starts, then the SDK is given a handler that reads the
   * events on their way to the application's one.
   */
  public static final class Stream {
    private Stream() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Hooks.Module int module, @Advice.Argument(0) Object request,
        @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler,
        @Advice.Origin("#t.#m") String origin) {
      Object state = Hooks.enter(module, BedrockRuntimeTracker.CALL, null, request, origin);
      if (state != null) {
        handler = Hooks.exit(module, BedrockRuntimeTracker.HANDLER, state, null, handler, null);
      }
      return state;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.Enter Object state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Thrown Throwable thrown) {
      Hooks.exit(module, BedrockRuntimeTracker.CALL, state, null, returned, thrown);
    }
  }
}
