package io.lantern.instrumentation.googlegenai;

import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.util.Getters;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads google-genai's model objects ({@code GenerateContentResponse}, {@code Content}) through
 * their public accessors ({@link Getters}): the agent cannot link against the application's copy of
 * the SDK.
 */
final class GoogleGenAiModels {
  private GoogleGenAiModels() {}

  /**
   * Whether the usage metadata carries counts at all. The API's JSON leaves out zero counts, so
   * within a usage that has a prompt or total count, a missing count is 0.
   */
  private static boolean hasCounts(Object usage) {
    return Getters.number(usage, "promptTokenCount") >= 0 || Getters.number(usage, "totalTokenCount") >= 0;
  }

  /** {@code promptTokenCount} (which includes cached content) plus {@code toolUsePromptTokenCount}; -1 when unknown. */
  static long inputTokens(Object usage) {
    if (usage == null || !hasCounts(usage)) {
      return -1;
    }
    return Math.max(0, Getters.number(usage, "promptTokenCount")) + Math.max(0, Getters.number(usage, "toolUsePromptTokenCount"));
  }

  /** {@code candidatesTokenCount} plus {@code thoughtsTokenCount} (thinking is billed as output); -1 when unknown. */
  static long outputTokens(Object usage) {
    if (usage == null || !hasCounts(usage)) {
      return -1;
    }
    return Math.max(0, Getters.number(usage, "candidatesTokenCount")) + Math.max(0, Getters.number(usage, "thoughtsTokenCount"));
  }

  /**
   * A {@code GenerateContentResponse}, whole or one streamed chunk: model version, usage (a stream's
   * chunks carry the counts so far; the last one read stands), one finish reason per candidate, the
   * first candidate's text.
   */
  static void readResponse(GenAiCall call, Object response) {
    call.responseModel(Getters.string(response, "modelVersion"));
    Object usage = Getters.get(response, "usageMetadata");
    if (usage != null) {
      call.usage(inputTokens(usage), outputTokens(usage));
    }
    List<?> candidates = Getters.list(response, "candidates");
    List<String> reasons = new ArrayList<>(candidates.size());
    for (Object candidate : candidates) {
      String reason = Getters.string(candidate, "finishReason");
      if (reason != null) {
        reasons.add(reason);
      }
    }
    if (!reasons.isEmpty()) {
      call.finishReasons(reasons);
    }
    if (!candidates.isEmpty() && call.capturesContent()) {
      call.outputContent(text(Getters.get(candidates.get(0), "content")));
    }
  }

  /** The text parts of a {@code Content}, joined. */
  static String text(Object content) {
    StringBuilder text = new StringBuilder();
    for (Object part : Getters.list(content, "parts")) {
      String piece = Getters.string(part, "text");
      if (piece != null) {
        text.append(piece);
      }
    }
    return text.toString();
  }

  /** The prompt: the config's system instruction, then each content's text, one per line (only read with capture on). */
  static String inputText(Object contents, Object config) {
    StringBuilder text = new StringBuilder();
    Object system = Getters.get(config, "systemInstruction");
    if (system != null) {
      text.append(text(system));
    }
    if (contents instanceof List) {
      for (Object content : (List<?>) contents) {
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append(text(content));
      }
    }
    return text.toString();
  }
}
