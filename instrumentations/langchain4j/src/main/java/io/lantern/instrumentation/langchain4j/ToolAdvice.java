package io.lantern.instrumentation.langchain4j;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the private {@code DefaultToolExecutor.execute(Object[])}, where the tool method's
 * {@code InvocationTargetException} surfaces before LangChain4j turns it into an error result. (The
 * tool run itself, {@code executeWithContext}, goes through {@link ChatAdvice}.)
 */
public final class ToolAdvice {
  private ToolAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Thrown Throwable thrown) {
    if (thrown != null) {
      Hooks.exit(module, LangChain4jTracker.TOOL_FAILED, null, null, null, thrown);
    }
  }
}
