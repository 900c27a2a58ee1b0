package io.lantern.instrumentation.googlegenai;

import io.lantern.bootstrap.googlegenai.GoogleGenAiHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code ResponseStream.iterator()} (which its {@code forEach} and {@code
 * spliterator} use too): for a stream Lantern is measuring, the caller gets an iterator over the
 * same chunks that also reads them; any other stream's iterator is returned as it is.
 */
public final class IteratorAdvice {
  private IteratorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object self,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object iterator) {
    iterator = GoogleGenAiHooks.iterator(self, iterator);
  }
}
