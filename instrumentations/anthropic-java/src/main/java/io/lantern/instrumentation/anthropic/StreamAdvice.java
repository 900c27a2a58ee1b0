package io.lantern.instrumentation.anthropic;

import io.lantern.bootstrap.anthropic.AnthropicHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code stream()} of the SDK's {@code StreamResponse} implementations (whose {@code
 * iterator()} reads {@code stream()}): for a response Lantern is measuring, the caller gets a
 * stream over the same events that also reads them; any other response's stream is returned as it is.
 */
public final class StreamAdvice {
  private StreamAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object self,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stream) {
    stream = AnthropicHooks.stream(self, stream);
  }
}
