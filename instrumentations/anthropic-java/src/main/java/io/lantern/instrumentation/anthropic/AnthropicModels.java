package io.lantern.instrumentation.anthropic;

import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.util.Getters;
import java.util.Collections;

/**
 * Reads anthropic-java's model objects ({@code Message}, {@code RawMessageStreamEvent} and their
 * beta twins, which share the accessor names) through their public accessors ({@link Getters}): the
 * agent cannot link against the application's copy of the SDK.
 */
final class AnthropicModels {
  private AnthropicModels() {}

  /**
   * Input tokens as the API bills them: {@code input_tokens} plus {@code cache_read_input_tokens}
   * and {@code cache_creation_input_tokens}, which the API reports beside it; -1 when {@code
   * input_tokens} is absent.
   */
  static long inputTokens(Object usage) {
    long input = Getters.number(usage, "inputTokens");
    if (input < 0) {
      return -1;
    }
    return input + Math.max(0, Getters.number(usage, "cacheReadInputTokens"))
        + Math.max(0, Getters.number(usage, "cacheCreationInputTokens"));
  }

  /** A {@code Message}: model, usage, stop reason, text blocks. */
  static void readMessage(GenAiCall call, Object message) {
    call.responseModel(Getters.string(message, "model"));
    Object usage = Getters.get(message, "usage");
    if (usage != null) {
      call.usage(inputTokens(usage), Getters.number(usage, "outputTokens"));
    }
    stopReason(call, Getters.string(message, "stopReason"));
    if (call.capturesContent()) {
      for (Object block : Getters.list(message, "content")) {
        call.outputContent(Getters.string(Getters.get(block, "text"), "text"));
      }
    }
  }

  /**
   * A {@code RawMessageStreamEvent}: {@code message_start} names the model and the input usage
   * (its output count is a placeholder, not read); {@code message_delta} has the stop reason and the
   * final output usage (and, from newer API versions, the cumulative input usage); text deltas are
   * the output. A stream closed before its {@code message_delta} has no output count.
   */
  static void readEvent(GenAiCall call, Object event) {
    Object start = Getters.get(event, "messageStart");
    if (start != null) {
      Object message = Getters.get(start, "message");
      call.responseModel(Getters.string(message, "model"));
      call.inputTokens(inputTokens(Getters.get(message, "usage")));
      return;
    }
    Object delta = Getters.get(event, "messageDelta");
    if (delta != null) {
      stopReason(call, Getters.string(Getters.get(delta, "delta"), "stopReason"));
      Object usage = Getters.get(delta, "usage");
      call.outputTokens(Getters.number(usage, "outputTokens"));
      call.inputTokens(inputTokens(usage));
      return;
    }
    if (call.capturesContent()) {
      Object blockDelta = Getters.get(event, "contentBlockDelta");
      if (blockDelta != null) {
        call.outputContent(Getters.string(Getters.get(Getters.get(blockDelta, "delta"), "text"), "text"));
      }
    }
  }

  private static void stopReason(GenAiCall call, String reason) {
    if (reason != null) {
      call.finishReasons(Collections.singletonList(reason));
    }
  }

  /**
   * The prompt's text (only read with capture on): the system prompt, then each message's text, one
   * per line. Non-text blocks (images, tool results) are left out.
   */
  static String inputText(Object params) {
    StringBuilder text = new StringBuilder();
    appendText(text, Getters.get(params, "system"));
    for (Object message : Getters.list(params, "messages")) {
      appendText(text, Getters.get(message, "content"));
    }
    return text.toString();
  }

  /**
   * A string-or-blocks union ({@code MessageCreateParams.System}, {@code MessageContentParam}): its
   * string, or the text of its text blocks ({@code TextBlockParam}s, or {@code ContentBlockParam}s
   * whose {@code text()} is one).
   */
  private static void appendText(StringBuilder out, Object union) {
    if (union == null) {
      return;
    }
    Object string = Getters.get(union, "string");
    if (string instanceof String) {
      line(out, (String) string);
      return;
    }
    for (String blocks : new String[] {"textBlockParams", "contentBlockParams"}) {
      for (Object block : Getters.list(union, blocks)) {
        Object text = Getters.get(block, "text");
        line(out, text instanceof String ? (String) text : Getters.string(text, "text"));
      }
    }
  }

  private static void line(StringBuilder out, String text) {
    if (text != null) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(text);
    }
  }
}
