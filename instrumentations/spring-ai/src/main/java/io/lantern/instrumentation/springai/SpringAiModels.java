package io.lantern.instrumentation.springai;

import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiProviders;
import io.lantern.agent.util.Getters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Spring AI's objects ({@code Prompt}, {@code ChatOptions}, {@code ChatResponse}) through their
 * public accessors ({@link Getters}): the agent cannot link against the application's copy.
 */
final class SpringAiModels {
  /** Spring AI's stand-in when a response has no usage: its zeros are not counts. */
  static final String EMPTY_USAGE = "org.springframework.ai.chat.metadata.EmptyUsage";

  private SpringAiModels() {}

  /** The semconv provider of a model, from its module's package ({@code org.springframework.ai.openai}, ...), or null. */
  static String provider(Object model) {
    return model == null ? null : GenAiProviders.fromClassName(model.getClass().getName());
  }

  /** The model the prompt's options name, else the model's default options' ({@code getOptions()}, 1.x {@code getDefaultOptions()}). */
  static String requestModel(Object model, Object prompt) {
    String requested = Getters.string(Getters.get(prompt, "getOptions"), "getModel");
    if (requested != null && !requested.isEmpty()) {
      return requested;
    }
    Object defaults = Getters.get(model, "getOptions");
    if (defaults == null) {
      defaults = Getters.get(model, "getDefaultOptions");
    }
    return Getters.string(defaults, "getModel");
  }

  /**
   * A {@code ChatResponse}, whole or one element of a stream: the model that answered, token usage
   * when the response has one (Spring AI stands for a missing one with {@code EmptyUsage}, or, in
   * the OpenAI module's streamed elements, with zero counts: both are no usage), the generations'
   * finish reasons in lower case, and with capture on their text.
   */
  static void readResponse(GenAiCall call, Object response) {
    Object metadata = Getters.get(response, "getMetadata");
    call.responseModel(Getters.string(metadata, "getModel"));
    Object usage = Getters.get(metadata, "getUsage");
    if (usage != null && !usage.getClass().getName().equals(EMPTY_USAGE)) {
      long input = Getters.number(usage, "getPromptTokens");
      long output = Getters.number(usage, "getCompletionTokens");
      // streamed elements without usage carry zeros (OpenAI module); no prompt has zero tokens
      if (input > 0 || output > 0) {
        call.usage(input, output);
      }
    }
    List<?> results = Getters.list(response, "getResults");
    List<String> reasons = new ArrayList<>(results.size());
    for (Object generation : results) {
      String reason = Getters.string(Getters.get(generation, "getMetadata"), "getFinishReason");
      if (reason != null && !reason.isEmpty()) {
        reasons.add(reason.toLowerCase(Locale.ROOT));
      }
      if (call.capturesContent()) {
        call.outputContent(Getters.string(Getters.get(generation, "getOutput"), "getText"));
      }
    }
    if (!reasons.isEmpty()) {
      call.finishReasons(reasons);
    }
  }

  /** The prompt's text (only read with capture on). */
  static String inputText(Object prompt) {
    return Getters.string(prompt, "getContents");
  }
}
