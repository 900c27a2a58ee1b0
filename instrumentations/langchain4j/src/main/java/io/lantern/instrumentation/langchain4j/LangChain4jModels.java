package io.lantern.instrumentation.langchain4j;

import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiProviders;
import io.lantern.agent.util.Getters;
import java.util.Collections;
import java.util.Locale;

/**
 * Reads LangChain4j's objects ({@code ChatModel}, {@code ChatRequest}, {@code ChatResponse}) through
 * their public accessors ({@link Getters}): the agent cannot link against the application's copy.
 */
final class LangChain4jModels {
  private LangChain4jModels() {}

  /**
   * The semconv provider of a model: its {@code provider()} ({@code ModelProvider} constant), else
   * its provider module's package; null when neither is known (a nested SDK call may still tell).
   */
  static String provider(Object model) {
    Object provider = Getters.get(model, "provider");
    String mapped = GenAiProviders.fromName(provider instanceof Enum ? ((Enum<?>) provider).name() : Getters.text(provider));
    return mapped != null ? mapped : GenAiProviders.fromClassName(model == null ? null : model.getClass().getName());
  }

  /** The model the request names, else the model's default request parameters' model. */
  static String requestModel(Object model, Object request) {
    String requested = Getters.string(request, "modelName");
    if (requested != null && !requested.isEmpty()) {
      return requested;
    }
    return Getters.string(Getters.get(model, "defaultRequestParameters"), "modelName");
  }

  /**
   * A {@code ChatResponse}: the model that answered, token usage (a count the response lacks stays
   * unknown), the finish reason in lower case ({@code stop}, {@code length}, {@code tool_execution},
   * ...), and with capture on the answer's text.
   */
  static void readResponse(GenAiCall call, Object response) {
    call.responseModel(Getters.string(response, "modelName"));
    Object usage = Getters.get(response, "tokenUsage");
    call.usage(Getters.number(usage, "inputTokenCount"), Getters.number(usage, "outputTokenCount"));
    Object reason = Getters.get(response, "finishReason");
    if (reason != null) {
      String name = reason instanceof Enum ? ((Enum<?>) reason).name() : Getters.text(reason);
      call.finishReasons(Collections.singletonList(name.toLowerCase(Locale.ROOT)));
    }
    if (call.capturesContent()) {
      call.outputContent(Getters.string(Getters.get(response, "aiMessage"), "text"));
    }
  }

  /** The request's messages in LangChain4j's own text form (only read with capture on). */
  static String inputText(Object request) {
    return String.valueOf(Getters.list(request, "messages"));
  }
}
