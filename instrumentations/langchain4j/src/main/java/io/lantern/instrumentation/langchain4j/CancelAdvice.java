package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.langchain4j.LangChain4jHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code StreamingHandle.cancel()}: the application stopped the stream (no end callback follows). */
public final class CancelAdvice {
  private CancelAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object streamingHandle) {
    LangChain4jHooks.cancelled(streamingHandle);
  }
}
