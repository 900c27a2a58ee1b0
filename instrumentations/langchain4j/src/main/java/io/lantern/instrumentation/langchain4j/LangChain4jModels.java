package io.lantern.instrumentation.langchain4j;

import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiHosts;
import io.lantern.agent.genai.GenAiProviders;
import io.lantern.agent.util.Accessor;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.PrivateFields;
import io.lantern.agent.util.SdkApi;
import java.util.Collections;
import java.util.Locale;

/**
 * Reads LangChain4j's objects ({@code ChatModel}, {@code ChatRequest}, {@code ChatResponse}) through
 * their public accessors ({@link Getters}): the agent cannot link against the application's copy.
 * Every type and accessor the module reads is declared here, in {@link #API}, and read through these
 * constants only ({@code LangChain4jTrackerTest} checks them against LangChain4j).
 */
final class LangChain4jModels {
  private LangChain4jModels() {}

  private static final String CHAT = "dev.langchain4j.model.chat.";

  static final SdkApi API = new SdkApi(LangChain4jTracker.INSTRUMENTATION);

  static { // the types woven or matched, checked too (their methods are matched in the rules)
    API.type(LangChain4jTracker.CHAT_REQUEST_OPTIONS, LangChain4jTracker.RESPONSE_HANDLER);
  }

  /** Both model interfaces have these (default methods). */
  private static final SdkApi.Type MODEL = API.type(LangChain4jTracker.CHAT_MODEL, LangChain4jTracker.STREAMING_CHAT_MODEL);
  private static final Accessor PROVIDER = MODEL.accessor("provider");
  private static final Accessor DEFAULT_REQUEST_PARAMETERS = MODEL.accessor("defaultRequestParameters");
  private static final SdkApi.Type REQUEST = API.type(LangChain4jTracker.CHAT_REQUEST);
  private static final Accessor REQUEST_MODEL_NAME = REQUEST.accessor("modelName");
  private static final Accessor MESSAGES = REQUEST.accessor("messages");
  private static final Accessor PARAMETERS_MODEL_NAME = API.type(CHAT + "request.ChatRequestParameters").accessor("modelName");
  private static final SdkApi.Type RESPONSE = API.type(CHAT + "response.ChatResponse");
  private static final Accessor RESPONSE_MODEL_NAME = RESPONSE.accessor("modelName");
  private static final Accessor TOKEN_USAGE = RESPONSE.accessor("tokenUsage");
  private static final Accessor FINISH_REASON = RESPONSE.accessor("finishReason");
  private static final Accessor AI_MESSAGE = RESPONSE.accessor("aiMessage");
  private static final SdkApi.Type USAGE = API.type("dev.langchain4j.model.output.TokenUsage");
  private static final Accessor INPUT_TOKEN_COUNT = USAGE.accessor("inputTokenCount");
  private static final Accessor OUTPUT_TOKEN_COUNT = USAGE.accessor("outputTokenCount");
  /** The OpenAI module's usage (a {@code TokenUsage}) adds the details of its counts. */
  private static final String OPENAI_USAGE = "dev.langchain4j.model.openai.OpenAiTokenUsage";
  private static final SdkApi.Type OPENAI_USAGE_TYPE = API.type(OPENAI_USAGE);
  private static final Accessor INPUT_TOKENS_DETAILS = OPENAI_USAGE_TYPE.accessor("inputTokensDetails");
  private static final Accessor OUTPUT_TOKENS_DETAILS = OPENAI_USAGE_TYPE.accessor("outputTokensDetails");
  private static final Accessor CACHED_TOKENS = API.type(OPENAI_USAGE + "$InputTokensDetails").accessor("cachedTokens");
  private static final Accessor REASONING_TOKENS = API.type(OPENAI_USAGE + "$OutputTokensDetails").accessor("reasoningTokens");
  private static final SdkApi.Type AI_MESSAGE_TYPE = API.type("dev.langchain4j.data.message.AiMessage");
  private static final Accessor TEXT = AI_MESSAGE_TYPE.accessor("text");
  private static final Accessor TOOL_EXECUTION_REQUESTS = AI_MESSAGE_TYPE.accessor("toolExecutionRequests");
  private static final String EMBEDDING = "dev.langchain4j.model.embedding.";
  private static final SdkApi.Type EMBEDDING_MODEL = API.type(LangChain4jTracker.EMBEDDING_MODEL);
  private static final Accessor EMBEDDING_MODEL_NAME = EMBEDDING_MODEL.accessor("modelName");
  private static final Accessor EMBEDDING_DEFAULT_PARAMETERS = EMBEDDING_MODEL.accessor("defaultRequestParameters");
  private static final Accessor EMBEDDING_REQUEST_MODEL_NAME = API.type(LangChain4jTracker.EMBEDDING_REQUEST).accessor("modelName");
  private static final Accessor EMBEDDING_PARAMETERS_MODEL_NAME =
      API.type(EMBEDDING + "request.EmbeddingRequestParameters").accessor("modelName");
  private static final SdkApi.Type EMBEDDING_RESPONSE = API.type(EMBEDDING + "response.EmbeddingResponse");
  private static final Accessor EMBEDDING_RESPONSE_MODEL_NAME = EMBEDDING_RESPONSE.accessor("modelName");
  private static final Accessor EMBEDDING_TOKEN_USAGE = EMBEDDING_RESPONSE.accessor("tokenUsage");

  private static final SdkApi.Type TOOL_REQUEST = API.type(LangChain4jTracker.TOOL_EXECUTION_REQUEST);
  private static final Accessor TOOL_NAME = TOOL_REQUEST.accessor("name");
  private static final Accessor TOOL_CALL_ID = TOOL_REQUEST.accessor("id");

  static { // matched in the tool rules
    API.type(LangChain4jTracker.TOOL_EXECUTOR);
  }

  /** The tool the model asked for ({@code ToolExecutionRequest.name()}); its arguments are never read. */
  static String toolName(Object toolRequest) {
    return Getters.string(toolRequest, TOOL_NAME);
  }

  /** The model's id for the tool call ({@code ToolExecutionRequest.id()}), or null. */
  static String toolCallId(Object toolRequest) {
    return Getters.string(toolRequest, TOOL_CALL_ID);
  }

  /** The context the two-argument partial callbacks get: it carries the stream's handle. */
  private static final Accessor STREAMING_HANDLE = API.type(CHAT + "response.PartialResponseContext",
      CHAT + "response.PartialThinkingContext", CHAT + "response.PartialToolCallContext").accessor("streamingHandle");
  private static final Accessor IS_CANCELLED = API.type(LangChain4jTracker.STREAMING_HANDLE).accessor("isCancelled");

  /**
   * The semconv provider of a model (chat or embedding): its {@code provider()} ({@code ModelProvider} constant), else
   * its provider module's package; null when neither is known (a nested SDK call may still tell).
   */
  static String provider(Object model) {
    Object provider = Getters.get(model, PROVIDER);
    String mapped = GenAiProviders.fromName(provider instanceof Enum ? ((Enum<?>) provider).name() : Getters.text(provider));
    return mapped != null ? mapped : GenAiProviders.fromClassName(model == null ? null : model.getClass().getName());
  }

  /** The package of {@code langchain4j-open-ai}'s models (the official module is {@code ...openaiofficial}). */
  static final String OPEN_AI_MODULE = "dev.langchain4j.model.openai.";
  /** Its models' private {@code OpenAiClient client}, whose private {@code baseUrl} is where calls go. */
  private static final PrivateFields CLIENT = new PrivateFields("client");
  private static final PrivateFields BASE_URL = new PrivateFields("baseUrl");

  /**
   * {@link #provider(Object)}, by host for a {@code langchain4j-open-ai} model: its client's base
   * URL host through {@code hosts} (the table of "Providers by host", then {@code
   * lantern.gen-ai.provider-hosts}), like openai-java's calls; any other model's is its own.
   */
  static String provider(Object model, GenAiHosts hosts) {
    String provider = provider(model);
    if (model == null || !model.getClass().getName().startsWith(OPEN_AI_MODULE)) {
      return provider;
    }
    Object baseUrl = BASE_URL.read(CLIENT.read(model));
    return baseUrl instanceof String ? hosts.provider((String) baseUrl, provider) : provider;
  }

  /** The model an embedding request names, else the model's default parameters' model, else its {@code modelName()}. */
  static String embeddingRequestModel(Object model, Object request) {
    String requested = Getters.string(request, EMBEDDING_REQUEST_MODEL_NAME);
    if (requested == null || requested.isEmpty()) {
      requested = Getters.string(Getters.get(model, EMBEDDING_DEFAULT_PARAMETERS), EMBEDDING_PARAMETERS_MODEL_NAME);
    }
    if (requested == null || requested.isEmpty()) {
      requested = Getters.string(model, EMBEDDING_MODEL_NAME);
    }
    return requested == null || requested.isEmpty() || "unknown".equals(requested) ? null : requested;
  }

  /**
   * An {@code EmbeddingResponse}: the model that answered (unless an SDK underneath said: for a
   * module of the pre-1.x shape LangChain4j fills in the requested name) and the input tokens.
   */
  static void readEmbeddingResponse(GenAiCall call, Object response) {
    call.responseModelUnlessKnown(Getters.string(response, EMBEDDING_RESPONSE_MODEL_NAME));
    call.inputTokens(Getters.number(Getters.get(response, EMBEDDING_TOKEN_USAGE), INPUT_TOKEN_COUNT));
  }

  /** The model the request names, else the model's default request parameters' model. */
  static String requestModel(Object model, Object request) {
    String requested = Getters.string(request, REQUEST_MODEL_NAME);
    if (requested != null && !requested.isEmpty()) {
      return requested;
    }
    return Getters.string(Getters.get(model, DEFAULT_REQUEST_PARAMETERS), PARAMETERS_MODEL_NAME);
  }

  /**
   * A {@code ChatResponse}: the model that answered, token usage (a count the response lacks stays
   * unknown), the finish reason in lower case ({@code stop}, {@code length}, {@code tool_execution},
   * ...), and with capture on the answer's text.
   */
  static void readResponse(GenAiCall call, Object response) {
    call.responseModel(Getters.string(response, RESPONSE_MODEL_NAME));
    Object usage = Getters.get(response, TOKEN_USAGE);
    call.usage(Getters.number(usage, INPUT_TOKEN_COUNT), Getters.number(usage, OUTPUT_TOKEN_COUNT));
    if (usage != null && OPENAI_USAGE.equals(usage.getClass().getName())) {
      // parts of the input / output counts, as the OpenAI API reports them
      call.cacheReadTokens(Getters.number(Getters.get(usage, INPUT_TOKENS_DETAILS), CACHED_TOKENS));
      call.reasoningTokens(Getters.number(Getters.get(usage, OUTPUT_TOKENS_DETAILS), REASONING_TOKENS));
    }
    Object reason = Getters.get(response, FINISH_REASON);
    if (reason != null) {
      String name = reason instanceof Enum ? ((Enum<?>) reason).name() : Getters.text(reason);
      call.finishReasons(Collections.singletonList(name.toLowerCase(Locale.ROOT)));
    }
    Object message = Getters.get(response, AI_MESSAGE);
    call.toolCalls(Getters.list(message, TOOL_EXECUTION_REQUESTS).size());
    if (call.capturesContent()) {
      call.outputContent(Getters.string(message, TEXT));
    }
  }

  /** The request's messages in LangChain4j's own text form (only read with capture on). */
  static String inputText(Object request) {
    return String.valueOf(Getters.list(request, MESSAGES));
  }

  /** The stream's handle a partial callback's context carries, or null. */
  static Object streamingHandle(Object context) {
    return Getters.get(context, STREAMING_HANDLE);
  }

  /** Whether a {@code StreamingHandle} was cancelled. */
  static boolean isCancelled(Object streamingHandle) {
    return Getters.isTrue(streamingHandle, IS_CANCELLED);
  }
}
