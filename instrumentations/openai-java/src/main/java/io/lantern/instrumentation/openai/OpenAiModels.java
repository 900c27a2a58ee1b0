package io.lantern.instrumentation.openai;

import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.util.Getters;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads openai-java's model objects through their public accessors ({@link Getters}): the agent
 * cannot link against the application's copy of the SDK.
 */
final class OpenAiModels {
  private OpenAiModels() {}

  /**
   * A model name from a {@code String}, an SDK enum ({@code ChatModel}) or the {@code
   * ResponsesModel} union (a string, a chat model or a responses-only model).
   */
  static String modelName(Object model) {
    if (model == null || model instanceof String) {
      return (String) model;
    }
    Object string = Getters.get(model, "string");
    if (string instanceof String) {
      return (String) string;
    }
    Object chat = Getters.get(model, "chat");
    if (chat != null) {
      return Getters.text(chat);
    }
    Object only = Getters.get(model, "only");
    return Getters.text(only != null ? only : model);
  }

  /** {@code ChatCompletion}: model, usage, one finish reason per choice, the first choice's text. */
  static void readChatCompletion(GenAiCall call, Object completion) {
    call.responseModel(Getters.string(completion, "model"));
    readChatUsage(call, Getters.get(completion, "usage"));
    List<?> choices = Getters.list(completion, "choices");
    List<String> reasons = new ArrayList<>(choices.size());
    for (Object choice : choices) {
      String reason = Getters.string(choice, "finishReason");
      if (reason != null) {
        reasons.add(reason);
      }
    }
    call.finishReasons(reasons);
    if (!choices.isEmpty() && call.capturesContent()) {
      call.outputContent(Getters.string(Getters.get(choices.get(0), "message"), "content"));
    }
  }

  /** {@code ChatCompletionChunk}: model, the usage chunk (when the request asked for it), finish reasons, text deltas. */
  static void readChatChunk(GenAiCall call, Object chunk) {
    call.responseModel(Getters.string(chunk, "model"));
    readChatUsage(call, Getters.get(chunk, "usage"));
    for (Object choice : Getters.list(chunk, "choices")) {
      call.finishReason(Getters.string(choice, "finishReason"));
      if (call.capturesContent()) {
        call.outputContent(Getters.string(Getters.get(choice, "delta"), "content"));
      }
    }
  }

  private static void readChatUsage(GenAiCall call, Object usage) {
    if (usage != null) {
      call.usage(Getters.number(usage, "promptTokens"), Getters.number(usage, "completionTokens"));
    }
  }

  /** {@code Response}: model, usage, status (as the finish reason), output text. */
  static void readResponse(GenAiCall call, Object response) {
    readResponse(call, response, true);
  }

  private static void readResponse(GenAiCall call, Object response, boolean text) {
    call.responseModel(modelName(Getters.get(response, "model")));
    Object usage = Getters.get(response, "usage");
    if (usage != null) {
      call.usage(Getters.number(usage, "inputTokens"), Getters.number(usage, "outputTokens"));
    }
    String status = Getters.string(response, "status");
    if (status != null) {
      List<String> reasons = new ArrayList<>(1);
      reasons.add(status);
      call.finishReasons(reasons);
    }
    if (!text || !call.capturesContent()) {
      return;
    }
    for (Object item : Getters.list(response, "output")) {
      for (Object content : Getters.list(Getters.get(item, "message"), "content")) {
        call.outputContent(Getters.string(Getters.get(content, "outputText"), "text"));
      }
    }
  }

  /**
   * A {@code ResponseStreamEvent}: the final response ({@code response.completed}, {@code
   * .incomplete} or {@code .failed}) carries model and usage; text deltas are the output.
   */
  static void readResponseEvent(GenAiCall call, Object event) {
    Object done = Getters.get(event, "completed");
    if (done == null) {
      done = Getters.get(event, "incomplete");
    }
    boolean failed = false;
    if (done == null) {
      done = Getters.get(event, "failed");
      failed = done != null;
    }
    if (done != null) {
      readResponse(call, Getters.get(done, "response"), false); // its text came as deltas
      if (failed) {
        call.error("response.failed");
      }
      return;
    }
    if (call.capturesContent()) {
      call.outputContent(Getters.string(Getters.get(event, "outputTextDelta"), "delta"));
    }
  }

  /** The prompt, in the SDK's own text form (only read with capture on). */
  static String inputText(Object params, boolean responses) {
    if (responses) {
      String instructions = Getters.string(params, "instructions");
      Object input = Getters.get(params, "input");
      Object text = Getters.get(input, "text");
      String prompt = text instanceof String ? (String) text : input == null ? null : String.valueOf(input);
      return instructions == null ? prompt : instructions + "\n" + prompt;
    }
    return String.valueOf(Getters.list(params, "messages"));
  }
}
