package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.langchain4j.LangChain4jHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into a response handler's {@code onCompleteResponse(ChatResponse)}: the stream ended. */
public final class CompleteAdvice {
  private CompleteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object responseHandler, @Advice.Argument(0) Object response) {
    LangChain4jHooks.complete(responseHandler, response);
  }
}
