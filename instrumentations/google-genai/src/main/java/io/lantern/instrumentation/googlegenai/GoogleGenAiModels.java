package io.lantern.instrumentation.googlegenai;

import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.util.Accessor;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.SdkApi;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads google-genai's model objects ({@code GenerateContentResponse}, {@code Content}) through
 * their public accessors ({@link Getters}): the agent cannot link against the application's copy of
 * the SDK. Every type and accessor the module reads is declared here, in {@link #API}, and read
 * through these constants only ({@code GoogleGenAiModelsTest} checks them against the SDK).
 */
final class GoogleGenAiModels {
  private GoogleGenAiModels() {}

  private static final String TYPES = "com.google.genai.types.";

  static final SdkApi API = new SdkApi(GoogleGenAiTracker.INSTRUMENTATION);
  static { // the classes woven, checked too (their methods are matched in the rules)
    API.type(GoogleGenAiTracker.MODELS, GoogleGenAiTracker.ASYNC_MODELS);
    API.type(GoogleGenAiTracker.RESPONSE_STREAM);
  }

  /** Whether the client (a {@code Models}' {@code apiClient}) is in Vertex AI mode. */
  static final Accessor VERTEX_AI = API.type("com.google.genai.ApiClient").accessor("vertexAI");
  private static final Accessor SYSTEM_INSTRUCTION = API.type(TYPES + "GenerateContentConfig").accessor("systemInstruction");
  private static final SdkApi.Type RESPONSE = API.type(TYPES + "GenerateContentResponse");
  private static final Accessor MODEL_VERSION = RESPONSE.accessor("modelVersion");
  private static final Accessor USAGE_METADATA = RESPONSE.accessor("usageMetadata");
  private static final Accessor CANDIDATES = RESPONSE.accessor("candidates");
  private static final SdkApi.Type USAGE = API.type(TYPES + "GenerateContentResponseUsageMetadata");
  private static final Accessor PROMPT_TOKEN_COUNT = USAGE.accessor("promptTokenCount");
  private static final Accessor TOTAL_TOKEN_COUNT = USAGE.accessor("totalTokenCount");
  private static final Accessor TOOL_USE_PROMPT_TOKEN_COUNT = USAGE.accessor("toolUsePromptTokenCount");
  private static final Accessor CANDIDATES_TOKEN_COUNT = USAGE.accessor("candidatesTokenCount");
  private static final Accessor THOUGHTS_TOKEN_COUNT = USAGE.accessor("thoughtsTokenCount");
  private static final Accessor CACHED_CONTENT_TOKEN_COUNT = USAGE.accessor("cachedContentTokenCount");
  private static final Accessor EMBEDDINGS = API.type(TYPES + "EmbedContentResponse").accessor("embeddings");
  private static final Accessor EMBEDDING_STATISTICS = API.type(TYPES + "ContentEmbedding").accessor("statistics");
  private static final Accessor EMBEDDING_TOKEN_COUNT = API.type(TYPES + "ContentEmbeddingStatistics").accessor("tokenCount");
  private static final SdkApi.Type CANDIDATE = API.type(TYPES + "Candidate");
  private static final Accessor FINISH_REASON = CANDIDATE.accessor("finishReason");
  private static final Accessor CANDIDATE_CONTENT = CANDIDATE.accessor("content");
  private static final Accessor PARTS = API.type(TYPES + "Content").accessor("parts");
  private static final Accessor PART_TEXT = API.type(TYPES + "Part").accessor("text");
  private static final Accessor PART_FUNCTION_CALL = API.type(TYPES + "Part").accessor("functionCall");

  /**
   * Whether the usage metadata carries counts at all. The API's JSON leaves out zero counts, so
   * within a usage that has a prompt or total count, a missing count is 0.
   */
  private static boolean hasCounts(Object usage) {
    return Getters.number(usage, PROMPT_TOKEN_COUNT) >= 0 || Getters.number(usage, TOTAL_TOKEN_COUNT) >= 0;
  }

  /** {@code promptTokenCount} (which includes cached content) plus {@code toolUsePromptTokenCount}; -1 when unknown. */
  static long inputTokens(Object usage) {
    if (usage == null || !hasCounts(usage)) {
      return -1;
    }
    return Math.max(0, Getters.number(usage, PROMPT_TOKEN_COUNT)) + Math.max(0, Getters.number(usage, TOOL_USE_PROMPT_TOKEN_COUNT));
  }

  /** {@code candidatesTokenCount} plus {@code thoughtsTokenCount} (thinking is billed as output); -1 when unknown. */
  static long outputTokens(Object usage) {
    if (usage == null || !hasCounts(usage)) {
      return -1;
    }
    return Math.max(0, Getters.number(usage, CANDIDATES_TOKEN_COUNT)) + Math.max(0, Getters.number(usage, THOUGHTS_TOKEN_COUNT));
  }

  /**
   * A {@code GenerateContentResponse}, whole or one streamed chunk: model version, usage (a stream's
   * chunks carry the counts so far; the last one read stands), one finish reason per candidate, the
   * first candidate's text.
   */
  static void readResponse(GenAiCall call, Object response) {
    call.responseModel(Getters.string(response, MODEL_VERSION));
    Object usage = Getters.get(response, USAGE_METADATA);
    if (usage != null && hasCounts(usage)) {
      call.usage(inputTokens(usage), outputTokens(usage));
      // included in promptTokenCount; thinking is added to the output count above
      call.cacheReadTokens(Math.max(0, Getters.number(usage, CACHED_CONTENT_TOKEN_COUNT)));
      call.reasoningTokens(Math.max(0, Getters.number(usage, THOUGHTS_TOKEN_COUNT)));
    }
    List<?> candidates = Getters.list(response, CANDIDATES);
    List<String> reasons = new ArrayList<>(candidates.size());
    int functionCalls = 0;
    for (Object candidate : candidates) {
      String reason = Getters.string(candidate, FINISH_REASON);
      if (reason != null) {
        reasons.add(reason);
      }
      functionCalls += Getters.countPresent(Getters.list(Getters.get(candidate, CANDIDATE_CONTENT), PARTS), PART_FUNCTION_CALL);
    }
    if (functionCalls > 0) {
      call.toolCalls(functionCalls); // a stream: the chunk that had them (later chunks have none)
    }
    if (!reasons.isEmpty()) {
      call.finishReasons(reasons);
    }
    if (!candidates.isEmpty() && call.capturesContent()) {
      call.outputContent(text(Getters.get(candidates.get(0), CANDIDATE_CONTENT)));
    }
  }

  /** The text parts of a {@code Content}, joined. */
  static String text(Object content) {
    StringBuilder text = new StringBuilder();
    for (Object part : Getters.list(content, PARTS)) {
      String piece = Getters.string(part, PART_TEXT);
      if (piece != null) {
        text.append(piece);
      }
    }
    return text.toString();
  }

  /** The prompt: the config's system instruction, then each content's text, one per line (only read with capture on). */
  static String inputText(Object contents, Object config) {
    StringBuilder text = new StringBuilder();
    Object system = Getters.get(config, SYSTEM_INSTRUCTION);
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

  /**
   * An {@code EmbedContentResponse}: input tokens are the sum of its embeddings' {@code
   * statistics.tokenCount} (Vertex AI reports them; the Gemini Developer API reports none, and then
   * the call has no token count).
   */
  static void readEmbedResponse(GenAiCall call, Object response) {
    long tokens = -1;
    for (Object embedding : Getters.list(response, EMBEDDINGS)) {
      Object count = Getters.get(Getters.get(embedding, EMBEDDING_STATISTICS), EMBEDDING_TOKEN_COUNT);
      if (count instanceof Number) {
        tokens = Math.max(tokens, 0) + ((Number) count).longValue();
      }
    }
    call.inputTokens(tokens);
  }
}
