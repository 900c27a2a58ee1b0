package io.lantern.instrumentation.awsbedrock;

import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.util.Accessor;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.SdkApi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads the Bedrock Runtime SDK's model objects through their public accessors ({@link Getters}):
 * the agent cannot link against the application's copy of the SDK. Every type and accessor the
 * module reads is declared here, in {@link #API} ({@code BedrockRuntimeModelsTest} checks them
 * against the SDK). Only the model id, token counts and stop reasons are read (and, with {@code
 * lantern.gen-ai.capture-content=true} only, a Converse prompt's and answer's text): never a header
 * other than the two token counts, or anything of the client's credentials.
 */
final class BedrockRuntimeModels {
  private BedrockRuntimeModels() {}

  private static final String MODEL = BedrockRuntimeTracker.PACKAGE + "model.";

  static final SdkApi API = new SdkApi(BedrockRuntimeTracker.INSTRUMENTATION);
  static { // the classes woven and the handler interfaces proxied, checked too
    API.type(BedrockRuntimeTracker.SYNC_CLIENT, BedrockRuntimeTracker.ASYNC_CLIENT);
    API.type(BedrockRuntimeTracker.CONVERSE_STREAM_HANDLER, BedrockRuntimeTracker.INVOKE_STREAM_HANDLER);
  }

  /** The model id (or ARN) of every request the module hooks. */
  static final Accessor MODEL_ID = API.type(MODEL + "ConverseRequest", MODEL + "ConverseStreamRequest",
      MODEL + "InvokeModelRequest", MODEL + "InvokeModelWithResponseStreamRequest").accessor("modelId");
  /** The system prompt and messages of a Converse request, read only with capture on. */
  private static final SdkApi.Type CONVERSE_REQUEST = API.type(MODEL + "ConverseRequest", MODEL + "ConverseStreamRequest");
  private static final Accessor SYSTEM = CONVERSE_REQUEST.accessor("system");
  private static final Accessor MESSAGES = CONVERSE_REQUEST.accessor("messages");
  private static final Accessor SYSTEM_TEXT = API.type(MODEL + "SystemContentBlock").accessor("text");
  private static final SdkApi.Type CONVERSE_RESPONSE = API.type(MODEL + "ConverseResponse");
  /** {@code ConverseResponse.usage()}; a ConverseStream {@code metadata} event's {@code usage()} is the same type. */
  private static final Accessor USAGE = CONVERSE_RESPONSE.accessor("usage");
  private static final Accessor STOP_REASON = CONVERSE_RESPONSE.accessor("stopReasonAsString");
  private static final Accessor OUTPUT = CONVERSE_RESPONSE.accessor("output");
  private static final Accessor OUTPUT_MESSAGE = API.type(MODEL + "ConverseOutput").accessor("message");
  private static final Accessor MESSAGE_CONTENT = API.type(MODEL + "Message").accessor("content");
  private static final SdkApi.Type CONTENT_BLOCK = API.type(MODEL + "ContentBlock");
  private static final Accessor TOOL_USE = CONTENT_BLOCK.accessor("toolUse");
  private static final Accessor BLOCK_TEXT = CONTENT_BLOCK.accessor("text");
  private static final Accessor DELTA = API.type(MODEL + "ContentBlockDeltaEvent").accessor("delta");
  private static final Accessor DELTA_TEXT = API.type(MODEL + "ContentBlockDelta").accessor("text");
  private static final Accessor BLOCK_START = API.type(MODEL + "ContentBlockStartEvent").accessor("start");
  private static final Accessor START_TOOL_USE = API.type(MODEL + "ContentBlockStart").accessor("toolUse");
  private static final Accessor METADATA_USAGE = API.type(MODEL + "ConverseStreamMetadataEvent").accessor("usage");
  private static final Accessor MESSAGE_STOP_REASON = API.type(MODEL + "MessageStopEvent").accessor("stopReasonAsString");
  private static final SdkApi.Type TOKEN_USAGE = API.type(MODEL + "TokenUsage");
  private static final Accessor INPUT_TOKENS = TOKEN_USAGE.accessor("inputTokens");
  private static final Accessor OUTPUT_TOKENS = TOKEN_USAGE.accessor("outputTokens");
  private static final Accessor CACHE_READ_TOKENS = TOKEN_USAGE.accessor("cacheReadInputTokens");
  private static final Accessor CACHE_WRITE_TOKENS = TOKEN_USAGE.accessor("cacheWriteInputTokens");
  /** {@code InvokeModelResponse.sdkHttpResponse().headers()}: only the two token-count headers are looked at. */
  private static final Accessor HTTP_RESPONSE = API.type(MODEL + "InvokeModelResponse").accessor("sdkHttpResponse");
  private static final Accessor HEADERS = API.type("software.amazon.awssdk.http.SdkHttpResponse").accessor("headers");
  private static final Accessor CHUNK_BYTES = API.type(MODEL + "PayloadPart").accessor("bytes");
  private static final Accessor BYTES = API.type("software.amazon.awssdk.core.SdkBytes").accessor("asByteArrayUnsafe");

  static final String INPUT_TOKEN_HEADER = "X-Amzn-Bedrock-Input-Token-Count";
  static final String OUTPUT_TOKEN_HEADER = "X-Amzn-Bedrock-Output-Token-Count";
  private static final byte[] INVOCATION_METRICS = ascii("\"amazon-bedrock-invocationMetrics\"");
  private static final byte[] INPUT_TOKEN_COUNT = ascii("\"inputTokenCount\"");
  private static final byte[] OUTPUT_TOKEN_COUNT = ascii("\"outputTokenCount\"");

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The model label of a request's model id: the id itself, or for an ARN ({@code
   * arn:aws:bedrock:<region>:<account>:<resource>}: a provisioned model, an inference profile, an
   * imported model) its resource part only, so no account id reaches a label; null when absent.
   */
  static String modelOf(Object request) {
    String id = Getters.string(request, MODEL_ID);
    if (id == null || !id.startsWith("arn:")) {
      return id;
    }
    int at = -1;
    for (int colons = 0; colons < 5; colons++) {
      at = id.indexOf(':', at + 1);
      if (at < 0) {
        return null; // not an ARN after all: no label rather than a guess
      }
    }
    return id.substring(at + 1);
  }

  /**
   * A Converse {@code TokenUsage}: Bedrock reports the cache read and write tokens beside {@code
   * inputTokens} ({@code totalTokens} is the sum of all four), so the input count is their sum, as
   * the conventions count it; a cache count the response leaves out stays unreported.
   */
  static void readUsage(GenAiCall call, Object usage) {
    long input = Getters.number(usage, INPUT_TOKENS);
    long output = Getters.number(usage, OUTPUT_TOKENS);
    long cacheRead = Getters.number(usage, CACHE_READ_TOKENS);
    long cacheWrite = Getters.number(usage, CACHE_WRITE_TOKENS);
    if (input >= 0) {
      call.inputTokens(input + Math.max(0, cacheRead) + Math.max(0, cacheWrite));
    }
    call.outputTokens(output);
    call.cacheReadTokens(cacheRead);
    call.cacheWriteTokens(cacheWrite);
  }

  /** A {@code ConverseResponse}: usage, stop reason, and how many tool uses the answer asks for. */
  static void readConverse(GenAiCall call, Object response) {
    Object usage = Getters.get(response, USAGE);
    if (usage != null) {
      readUsage(call, usage);
    }
    call.finishReason(Getters.string(response, STOP_REASON));
    int tools = 0;
    Object message = Getters.path(response, OUTPUT, OUTPUT_MESSAGE);
    for (Object block : Getters.list(message, MESSAGE_CONTENT)) {
      if (Getters.get(block, TOOL_USE) != null) {
        tools++;
      }
    }
    call.toolCalls(tools);
    if (call.capturesContent()) {
      call.outputContent(text(message, new StringBuilder()));
    }
  }

  /** The text blocks of a {@code Message}, appended to {@code text}. */
  private static StringBuilder text(Object message, StringBuilder text) {
    for (Object block : Getters.list(message, MESSAGE_CONTENT)) {
      String piece = Getters.string(block, BLOCK_TEXT);
      if (piece != null) {
        text.append(piece);
      }
    }
    return text;
  }

  /** A Converse request's prompt: each system block's text, then each message's text blocks, one per line (only read with capture on). */
  static String inputText(Object request) {
    StringBuilder text = new StringBuilder();
    for (Object block : Getters.list(request, SYSTEM)) {
      String piece = Getters.string(block, SYSTEM_TEXT);
      if (piece != null) {
        text.append(text.length() > 0 ? "\n" : "").append(piece);
      }
    }
    for (Object message : Getters.list(request, MESSAGES)) {
      text(message, text.length() > 0 ? text.append('\n') : text);
    }
    return text.toString();
  }

  /** One ConverseStream event: the {@code metadata} event's usage, the {@code messageStop} event's stop reason. */
  static void readConverseEvent(GenAiCall call, Object event) {
    Object usage = Getters.get(event, METADATA_USAGE);
    if (usage != null) {
      readUsage(call, usage);
      return;
    }
    String reason = Getters.string(event, MESSAGE_STOP_REASON);
    if (reason != null) {
      call.finishReason(reason);
    } else if (call.capturesContent()) {
      call.outputContent(Getters.string(Getters.get(event, DELTA), DELTA_TEXT));
    }
  }

  /** Whether a ConverseStream event is the {@code contentBlockStart} of a tool use the model asks for. */
  static boolean startsToolUse(Object event) {
    return Getters.get(Getters.get(event, BLOCK_START), START_TOOL_USE) != null;
  }

  /**
   * An {@code InvokeModelResponse}: the body is the model family's own JSON, so the token counts
   * come from the response headers Bedrock adds for every model, {@value #INPUT_TOKEN_HEADER} and
   * {@value #OUTPUT_TOKEN_HEADER}.
   */
  static void readInvoke(GenAiCall call, Object response) {
    Object headers = Getters.get(Getters.get(response, HTTP_RESPONSE), HEADERS);
    if (!(headers instanceof Map)) {
      return;
    }
    for (Map.Entry<?, ?> header : ((Map<?, ?>) headers).entrySet()) {
      Object name = header.getKey();
      if (INPUT_TOKEN_HEADER.equalsIgnoreCase(String.valueOf(name))) {
        call.inputTokens(headerNumber(header.getValue()));
      } else if (OUTPUT_TOKEN_HEADER.equalsIgnoreCase(String.valueOf(name))) {
        call.outputTokens(headerNumber(header.getValue()));
      }
    }
  }

  private static long headerNumber(Object values) {
    Object value = values instanceof List && !((List<?>) values).isEmpty() ? ((List<?>) values).get(0) : null;
    if (!(value instanceof String)) {
      return -1;
    }
    try {
      return Long.parseLong(((String) value).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * One InvokeModelWithResponseStream {@code chunk} event ({@code PayloadPart}): its bytes are a
   * piece of the model family's JSON; the last one carries {@code "amazon-bedrock-invocationMetrics":
   * {"inputTokenCount":n,"outputTokenCount":m,...}}, added by Bedrock for every model. The bytes are
   * scanned in place; other chunks cost one search.
   */
  static void readInvokeChunk(GenAiCall call, Object chunk) {
    Object bytes = Getters.get(Getters.get(chunk, CHUNK_BYTES), BYTES);
    if (!(bytes instanceof byte[])) {
      return;
    }
    byte[] json = (byte[]) bytes;
    int metrics = indexOf(json, INVOCATION_METRICS, 0);
    if (metrics < 0) {
      return;
    }
    call.inputTokens(numberAfter(json, INPUT_TOKEN_COUNT, metrics));
    call.outputTokens(numberAfter(json, OUTPUT_TOKEN_COUNT, metrics));
  }

  /** The non-negative integer that follows {@code "key":} at or after {@code from}, or -1. */
  static long numberAfter(byte[] json, byte[] key, int from) {
    int at = indexOf(json, key, from);
    if (at < 0) {
      return -1;
    }
    int i = at + key.length;
    while (i < json.length && (json[i] == ' ' || json[i] == ':' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) {
      i++;
    }
    long value = -1;
    for (; i < json.length && json[i] >= '0' && json[i] <= '9' && value < Long.MAX_VALUE / 10; i++) {
      value = Math.max(0, value) * 10 + (json[i] - '0');
    }
    return value;
  }

  static int indexOf(byte[] data, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
