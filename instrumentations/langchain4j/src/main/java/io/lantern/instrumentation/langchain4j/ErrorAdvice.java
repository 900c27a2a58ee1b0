package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.langchain4j.LangChain4jHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into a response handler's {@code onError(Throwable)}: the stream failed. */
public final class ErrorAdvice {
  private ErrorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object responseHandler, @Advice.Argument(0) Throwable error) {
    LangChain4jHooks.failed(responseHandler, error);
  }
}
