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

  /** The prompt in the SDK's own text form: the system prompt, then the messages (only read with capture on). */
  static String inputText(Object params) {
    Object system = Getters.get(params, "system");
    String messages = String.valueOf(Getters.list(params, "messages"));
    return system == null ? messages : system + "\n" + messages;
  }
}
