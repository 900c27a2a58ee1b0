package io.lantern.instrumentation.openai;

import io.lantern.bootstrap.openai.OpenAiHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code stream()} of the SDK's {@code StreamResponse} implementations: for a
 * response Lantern is measuring, the caller gets a stream over the same chunks that also reads
 * them (see {@code GenAiStreams}); any other response's stream is returned as it is.
 */
public final class StreamAdvice {
  private StreamAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object self,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object stream) {
    stream = OpenAiHooks.stream(self, stream);
  }
}
