package io.lantern.instrumentation.anthropic;

import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.StainlessSdk;
import io.lantern.agent.genai.StainlessSdk.Service;
import io.lantern.agent.util.Accessor;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.SdkApi;
import java.util.Collections;
import java.util.List;

/**
 * What anthropic-java's module knows of its SDK: {@code com.anthropic:anthropic-java} 3.x, messages
 * (GA and beta) created blocking, async ({@code CompletableFuture}), streaming ({@code
 * StreamResponse}) and async streaming ({@code AsyncStreamResponse}) through the SDK's service
 * implementations, measured as every Stainless SDK is ({@link StainlessSdk}); provider {@code
 * anthropic}. The request object is only read.
 *
 * <p>The SDK's model objects ({@code Message}, {@code RawMessageStreamEvent} and their beta twins,
 * which share the accessor names) are read through their public accessors ({@link Getters}): the
 * agent cannot link against the application's copy of the SDK. Every type and accessor the module
 * reads is declared here, in {@link #API}, and read through these constants only ({@code
 * AnthropicModelsTest} checks them against the SDK).
 */
final class AnthropicModels {
  private AnthropicModels() {}

  static final String INSTRUMENTATION = "anthropic-java";
  static final String MESSAGES_BLOCKING = "com.anthropic.services.blocking.MessageServiceImpl";
  static final String MESSAGES_ASYNC = "com.anthropic.services.async.MessageServiceAsyncImpl";
  static final String BETA_MESSAGES_BLOCKING = "com.anthropic.services.blocking.beta.MessageServiceImpl";
  static final String BETA_MESSAGES_ASYNC = "com.anthropic.services.async.beta.MessageServiceAsyncImpl";

  static final SdkApi API = new SdkApi(INSTRUMENTATION);
  static final StainlessSdk SDK = new StainlessSdk(API, "com.anthropic", Names.GEN_AI_PROVIDER_ANTHROPIC, new Requests(),
      new Service(MESSAGES_BLOCKING, false, null, AnthropicModels::readMessage, AnthropicModels::readEvent),
      new Service(MESSAGES_ASYNC, true, null, AnthropicModels::readMessage, AnthropicModels::readEvent),
      new Service(BETA_MESSAGES_BLOCKING, false, null, AnthropicModels::readMessage, AnthropicModels::readEvent),
      new Service(BETA_MESSAGES_ASYNC, true, null, AnthropicModels::readMessage, AnthropicModels::readEvent))
      .backend("com.anthropic.backends.Backend", "com.anthropic.backends.AnthropicBackend");

  private static final String GA = "com.anthropic.models.messages.";
  private static final String BETA = "com.anthropic.models.beta.messages.";

  private static final SdkApi.Type PARAMS = API.type(GA + "MessageCreateParams", BETA + "MessageCreateParams");
  private static final Accessor PARAMS_MODEL = PARAMS.accessor("model");
  private static final Accessor PARAMS_SYSTEM = PARAMS.accessor("system");
  private static final Accessor PARAMS_MESSAGES = PARAMS.accessor("messages");
  /** The system prompt: a string, or text blocks (named apart in the beta twin). */
  private static final Accessor SYSTEM_STRING =
      API.type(GA + "MessageCreateParams$System", BETA + "MessageCreateParams$System").accessor("string");
  private static final Accessor SYSTEM_BLOCKS = API.type(GA + "MessageCreateParams$System").accessor("textBlockParams");
  private static final Accessor BETA_SYSTEM_BLOCKS = API.type(BETA + "MessageCreateParams$System").accessor("betaTextBlockParams");
  private static final Accessor MESSAGE_CONTENT = API.type(GA + "MessageParam", BETA + "BetaMessageParam").accessor("content");
  /** A message's content: a string, or content blocks. */
  private static final SdkApi.Type CONTENT = API.type(GA + "MessageContentParam", BETA + "BetaMessageContentParam");
  private static final Accessor CONTENT_STRING = CONTENT.accessor("string");
  private static final Accessor CONTENT_BLOCKS = CONTENT.accessor("contentBlockParams");
  /** A text block's text, or a content block's text block. */
  private static final Accessor BLOCK_TEXT = API.type(GA + "TextBlockParam", BETA + "BetaTextBlockParam",
      GA + "ContentBlockParam", BETA + "BetaContentBlockParam").accessor("text");

  private static final SdkApi.Type MESSAGE = API.type(GA + "Message", BETA + "BetaMessage");
  private static final Accessor MODEL = MESSAGE.accessor("model");
  private static final Accessor USAGE = MESSAGE.accessor("usage");
  private static final Accessor STOP_REASON = MESSAGE.accessor("stopReason");
  private static final Accessor CONTENT_LIST = MESSAGE.accessor("content");
  /** A content block's text block, and that block's text. */
  private static final Accessor TEXT = API.type(GA + "ContentBlock", BETA + "BetaContentBlock",
      GA + "TextBlock", BETA + "BetaTextBlock").accessor("text");
  /** A content block that asks for a client tool ({@code type: "tool_use"}). */
  private static final Accessor TOOL_USE = API.type(GA + "ContentBlock", BETA + "BetaContentBlock").accessor("toolUse");
  /** A message's usage, and a stream's final delta's. */
  private static final SdkApi.Type USAGE_TYPE =
      API.type(GA + "Usage", BETA + "BetaUsage", GA + "MessageDeltaUsage", BETA + "BetaMessageDeltaUsage");
  private static final Accessor INPUT_TOKENS = USAGE_TYPE.accessor("inputTokens");
  private static final Accessor OUTPUT_TOKENS = USAGE_TYPE.accessor("outputTokens");
  private static final Accessor CACHE_READ_INPUT_TOKENS = USAGE_TYPE.accessor("cacheReadInputTokens");
  private static final Accessor CACHE_CREATION_INPUT_TOKENS = USAGE_TYPE.accessor("cacheCreationInputTokens");

  private static final SdkApi.Type EVENT = API.type(GA + "RawMessageStreamEvent", BETA + "BetaRawMessageStreamEvent");
  private static final Accessor MESSAGE_START = EVENT.accessor("messageStart");
  private static final Accessor MESSAGE_DELTA = EVENT.accessor("messageDelta");
  private static final Accessor CONTENT_BLOCK_DELTA = EVENT.accessor("contentBlockDelta");
  private static final Accessor CONTENT_BLOCK_START = EVENT.accessor("contentBlockStart");
  private static final Accessor START_BLOCK =
      API.type(GA + "RawContentBlockStartEvent", BETA + "BetaRawContentBlockStartEvent").accessor("contentBlock");
  /** A started block that asks for a client tool. */
  private static final Accessor START_TOOL_USE =
      API.type(GA + "RawContentBlockStartEvent$ContentBlock", BETA + "BetaRawContentBlockStartEvent$ContentBlock").accessor("toolUse");
  private static final Accessor START_MESSAGE =
      API.type(GA + "RawMessageStartEvent", BETA + "BetaRawMessageStartEvent").accessor("message");
  private static final SdkApi.Type MESSAGE_DELTA_EVENT = API.type(GA + "RawMessageDeltaEvent", BETA + "BetaRawMessageDeltaEvent");
  private static final Accessor MESSAGE_DELTA_DELTA = MESSAGE_DELTA_EVENT.accessor("delta");
  private static final Accessor MESSAGE_DELTA_USAGE = MESSAGE_DELTA_EVENT.accessor("usage");
  private static final Accessor DELTA_STOP_REASON =
      API.type(GA + "RawMessageDeltaEvent$Delta", BETA + "BetaRawMessageDeltaEvent$Delta").accessor("stopReason");
  private static final Accessor BLOCK_DELTA =
      API.type(GA + "RawContentBlockDeltaEvent", BETA + "BetaRawContentBlockDeltaEvent").accessor("delta");
  /** A block delta's text delta, and that delta's text. */
  private static final Accessor DELTA_TEXT = API.type(GA + "RawContentBlockDelta", BETA + "BetaRawContentBlockDelta",
      GA + "TextDelta", BETA + "BetaTextDelta").accessor("text");

  /** The model the request names. */
  static String requestModel(Object params) {
    return Getters.string(params, PARAMS_MODEL);
  }

  /**
   * Input tokens as the API bills them: {@code input_tokens} plus {@code cache_read_input_tokens}
   * and {@code cache_creation_input_tokens}, which the API reports beside it; -1 when {@code
   * input_tokens} is absent.
   */
  static long inputTokens(Object usage) {
    long input = Getters.number(usage, INPUT_TOKENS);
    if (input < 0) {
      return -1;
    }
    return input + Math.max(0, Getters.number(usage, CACHE_READ_INPUT_TOKENS))
        + Math.max(0, Getters.number(usage, CACHE_CREATION_INPUT_TOKENS));
  }

  /**
   * The input side of a usage: the billed input count ({@link #inputTokens}) and, beside it, the
   * cache read ({@code cache_read_input_tokens}) and cache write ({@code
   * cache_creation_input_tokens}) counts it includes; nothing when {@code input_tokens} is absent.
   */
  static void readInputUsage(GenAiCall call, Object usage) {
    long input = inputTokens(usage);
    if (input >= 0) {
      call.inputTokens(input);
      call.cacheReadTokens(Getters.number(usage, CACHE_READ_INPUT_TOKENS));
      call.cacheWriteTokens(Getters.number(usage, CACHE_CREATION_INPUT_TOKENS));
    }
  }

  /** A {@code Message}: model, usage, stop reason, text blocks. */
  static void readMessage(GenAiCall call, Object message) {
    call.responseModel(Getters.string(message, MODEL));
    Object usage = Getters.get(message, USAGE);
    if (usage != null) {
      readInputUsage(call, usage);
      call.outputTokens(Getters.number(usage, OUTPUT_TOKENS));
    }
    stopReason(call, Getters.string(message, STOP_REASON));
    int toolUses = Getters.countPresent(Getters.list(message, CONTENT_LIST), TOOL_USE);
    if (toolUses > 0) {
      call.toolCalls(toolUses);
    }
    if (call.capturesContent()) {
      for (Object block : Getters.list(message, CONTENT_LIST)) {
        call.outputContent(Getters.string(Getters.get(block, TEXT), TEXT));
      }
    }
  }

  /**
   * A {@code RawMessageStreamEvent}: {@code message_start} names the model and the input usage
   * (its output count is a placeholder, not read); {@code message_delta} has the stop reason and the
   * final output usage (and, from newer API versions, the cumulative input usage); a {@code
   * content_block_start} of a {@code tool_use} block is one tool call; text deltas are the output.
   * A stream closed before its {@code message_delta} has no output count.
   */
  static void readEvent(GenAiCall call, Object event) {
    Object start = Getters.get(event, MESSAGE_START);
    if (start != null) {
      Object message = Getters.get(start, START_MESSAGE);
      call.responseModel(Getters.string(message, MODEL));
      readInputUsage(call, Getters.get(message, USAGE));
      return;
    }
    Object delta = Getters.get(event, MESSAGE_DELTA);
    if (delta != null) {
      stopReason(call, Getters.string(Getters.get(delta, MESSAGE_DELTA_DELTA), DELTA_STOP_REASON));
      Object usage = Getters.get(delta, MESSAGE_DELTA_USAGE);
      call.outputTokens(Getters.number(usage, OUTPUT_TOKENS));
      readInputUsage(call, usage);
      return;
    }
    Object blockStart = Getters.get(event, CONTENT_BLOCK_START);
    if (blockStart != null) {
      if (Getters.get(Getters.get(blockStart, START_BLOCK), START_TOOL_USE) != null) {
        call.addToolCall();
      }
      return;
    }
    if (call.capturesContent()) {
      Object blockDelta = Getters.get(event, CONTENT_BLOCK_DELTA);
      if (blockDelta != null) {
        call.outputContent(Getters.string(Getters.get(Getters.get(blockDelta, BLOCK_DELTA), DELTA_TEXT), DELTA_TEXT));
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
    Object system = Getters.get(params, PARAMS_SYSTEM);
    if (!appendString(text, system, SYSTEM_STRING)) {
      appendBlocks(text, Getters.list(system, SYSTEM_BLOCKS)); // the GA union; the beta one has none of these
      appendBlocks(text, Getters.list(system, BETA_SYSTEM_BLOCKS)); // and the other way round
    }
    for (Object message : Getters.list(params, PARAMS_MESSAGES)) {
      Object content = Getters.get(message, MESSAGE_CONTENT);
      if (!appendString(text, content, CONTENT_STRING)) {
        appendBlocks(text, Getters.list(content, CONTENT_BLOCKS));
      }
    }
    return text.toString();
  }

  /** The string of a string-or-blocks union, when it is one. */
  private static boolean appendString(StringBuilder out, Object union, Accessor string) {
    Object value = Getters.get(union, string);
    if (value instanceof String) {
      line(out, (String) value);
      return true;
    }
    return false;
  }

  /** The text of text blocks ({@code TextBlockParam}s, or {@code ContentBlockParam}s whose {@code text()} is one). */
  private static void appendBlocks(StringBuilder out, List<?> blocks) {
    for (Object block : blocks) {
      Object text = Getters.get(block, BLOCK_TEXT);
      line(out, text instanceof String ? (String) text : Getters.string(text, BLOCK_TEXT));
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

  /** The params of a message, GA or beta. */
  private static final class Requests implements StainlessSdk.Requests {
    @Override
    public String model(Object params, Service service) {
      return requestModel(params);
    }

    @Override
    public String prompt(Object params, Service service) {
      return inputText(params);
    }
  }
}
