package io.lantern.instrumentation.openai;

import io.lantern.bootstrap.openai.OpenAiHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code subscribe(handler[, executor])} of the SDK's {@code AsyncStreamResponse}
 * implementations: for a response Lantern is measuring, the SDK is given a handler that reads each
 * chunk and then calls the application's handler with the same arguments; otherwise the
 * application's handler as it is.
 */
public final class SubscribeAdvice {
  private SubscribeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object self,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object handler) {
    handler = OpenAiHooks.subscribe(self, handler);
  }
}
