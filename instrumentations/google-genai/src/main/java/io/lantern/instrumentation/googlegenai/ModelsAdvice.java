package io.lantern.instrumentation.googlegenai;

import io.lantern.bootstrap.googlegenai.GoogleGenAiHooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code generateContent(model, List<Content>, config)} and {@code
 * generateContentStream(...)} of {@code Models} and {@code AsyncModels} (every public overload
 * delegates to these); hands off only, with the instance's {@code ApiClient} (Gemini API or Vertex
 * AI). The origin string is a constant in the inlined code.
 */
public final class ModelsAdvice {
  private ModelsAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.FieldValue("apiClient") Object apiClient, @Advice.Argument(0) Object model,
      @Advice.Argument(1) Object contents, @Advice.Argument(2) Object config, @Advice.Origin("#t.#m") String origin) {
    return GoogleGenAiHooks.enter(apiClient, model, contents, config, origin);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    GoogleGenAiHooks.exit(state, returned, thrown);
  }
}
