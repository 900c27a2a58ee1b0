package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.langchain4j.LangChain4jHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into a response handler's {@code onPartialResponse/Thinking/ToolCall(partial, context)}
 * (1.8+): a chunk arrived; the context carries the {@code StreamingHandle} that can cancel the stream.
 */
public final class PartialContextAdvice {
  private PartialContextAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object responseHandler, @Advice.Argument(1) Object context) {
    LangChain4jHooks.partial(responseHandler, context);
  }
}
