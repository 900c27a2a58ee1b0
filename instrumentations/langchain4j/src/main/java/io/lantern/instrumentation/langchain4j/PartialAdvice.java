package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.langchain4j.LangChain4jHooks;
import net.bytebuddy.asm.Advice;

/** Inlined into a response handler's one-argument {@code onPartialResponse/Thinking/ToolCall}: a chunk arrived. */
public final class PartialAdvice {
  private PartialAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object responseHandler) {
    LangChain4jHooks.partial(responseHandler, null);
  }
}
