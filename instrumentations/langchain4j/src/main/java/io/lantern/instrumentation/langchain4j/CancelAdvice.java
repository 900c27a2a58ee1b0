package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code StreamingHandle.cancel()}: the application stopped the stream (no end callback follows). */
public final class CancelAdvice {
  private CancelAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object streamingHandle) {
    Hooks.exit(module, LangChain4jTracker.CANCEL, null, streamingHandle, null, null);
  }
}
