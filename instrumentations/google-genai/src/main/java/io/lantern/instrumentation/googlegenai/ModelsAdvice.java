package io.lantern.instrumentation.googlegenai;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code generateContent(model, List<Content>, config)} and {@code
 * generateContentStream(...)} of {@code Models} and {@code AsyncModels} (every public overload
 * delegates to these); hands off only, with the instance's {@code ApiClient} (Gemini API or Vertex
 * AI). The origin string is a constant in the inlined code. Five values: the call is started with
 * three, and the prompt's two follow in a second hook (no array per call).
 */
public final class ModelsAdvice {
  private ModelsAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.FieldValue("apiClient") Object apiClient,
      @Advice.Argument(0) Object model, @Advice.Argument(1) Object contents, @Advice.Argument(2) Object config,
      @Advice.Origin("#t.#m") String origin) {
    Object state = Hooks.enter(module, GoogleGenAiTracker.GENERATE, apiClient, model, origin);
    if (state != null) {
      Hooks.enter(module, GoogleGenAiTracker.PROMPT, state, contents, config);
    }
    return state;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, GoogleGenAiTracker.GENERATE, state, null, returned, thrown);
  }

  /**
   * Inlined into {@code ResponseStream.iterator()} (which its {@code forEach} and {@code
   * spliterator} use too): for a stream Lantern is measuring, the caller gets an iterator over the
   * same chunks that also reads them; any other stream's iterator is returned as it is.
   */
  public static final class ResponseStreamIterator {
    private ResponseStreamIterator() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.This Object self,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object iterator) {
      iterator = Hooks.exit(module, GoogleGenAiTracker.ITERATOR, null, self, iterator, null);
    }
  }

  /** Inlined into {@code ResponseStream.close()}; hands off only. */
  public static final class ResponseStreamClose {
    private ResponseStreamClose() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Hooks.Module int module, @Advice.This Object self) {
      Hooks.exit(module, GoogleGenAiTracker.CLOSE, null, self, null, null);
    }
  }
}
