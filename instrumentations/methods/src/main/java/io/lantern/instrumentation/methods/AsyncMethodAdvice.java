package io.lantern.instrumentation.methods;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a measured method declared to return a {@code CompletionStage}/{@code
 * CompletableFuture} or a Reactor {@code Mono}/{@code Flux}: the call ends when that result
 * completes. The caller gets the very future the method returned, or for Reactor a publisher over
 * the method's that signals the same.
 */
public final class AsyncMethodAdvice {
  private AsyncMethodAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.Origin Class<?> type,
      @Advice.Origin("#m#d") String method) {
    return Hooks.enter(module, MethodTracker.CALL, type, method, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Thrown Throwable thrown,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
    returned = Hooks.exit(module, MethodTracker.RESULT, state, null, returned, thrown);
  }
}
