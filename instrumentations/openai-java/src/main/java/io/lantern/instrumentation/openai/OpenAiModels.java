package io.lantern.instrumentation.openai;

import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.StainlessSdk;
import io.lantern.agent.genai.StainlessSdk.Service;
import io.lantern.agent.util.Accessor;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.SdkApi;
import java.util.ArrayList;
import java.util.List;

/**
 * What openai-java's module knows of its SDK: {@code com.openai:openai-java} 4.x, chat completions
 * and responses, created blocking, async ({@code CompletableFuture}), streaming ({@code
 * StreamResponse}) and async streaming ({@code AsyncStreamResponse}) through the SDK's service
 * implementations, measured as every Stainless SDK is ({@link StainlessSdk}). The request object is
 * only read, never changed: a chat stream whose request did not ask for {@code
 * stream_options.include_usage} has no usage, and gives no token metric.
 *
 * <p>The SDK's model objects are read through their public accessors ({@link Getters}): the agent
 * cannot link against the application's copy of the SDK. Every type and accessor the module reads
 * is declared here, in {@link #API}, and read through these constants only ({@code
 * OpenAiModelsTest} checks them against the SDK).
 */
final class OpenAiModels {
  private OpenAiModels() {}

  static final String INSTRUMENTATION = "openai-java";
  static final String CHAT_BLOCKING = "com.openai.services.blocking.chat.ChatCompletionServiceImpl";
  static final String CHAT_ASYNC = "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl";
  static final String RESPONSES_BLOCKING = "com.openai.services.blocking.ResponseServiceImpl";
  static final String RESPONSES_ASYNC = "com.openai.services.async.ResponseServiceAsyncImpl";
  static final String EMBEDDINGS_BLOCKING = "com.openai.services.blocking.EmbeddingServiceImpl";
  static final String EMBEDDINGS_ASYNC = "com.openai.services.async.EmbeddingServiceAsyncImpl";
  static final String NO_USAGE_REQUESTED = "streamed without stream_options.include_usage: the API sends no usage";

  /** Which of the SDK's APIs a service serves. */
  enum Endpoint {
    CHAT_COMPLETIONS,
    RESPONSES,
    EMBEDDINGS
  }

  static final SdkApi API = new SdkApi(INSTRUMENTATION);
  static final StainlessSdk SDK = new StainlessSdk(API, "com.openai", Names.GEN_AI_PROVIDER_OPENAI, new Requests(),
      new Service(CHAT_BLOCKING, false, Endpoint.CHAT_COMPLETIONS, OpenAiModels::readChatCompletion, OpenAiModels::readChatChunk),
      new Service(CHAT_ASYNC, true, Endpoint.CHAT_COMPLETIONS, OpenAiModels::readChatCompletion, OpenAiModels::readChatChunk),
      new Service(RESPONSES_BLOCKING, false, Endpoint.RESPONSES, OpenAiModels::readResponse, OpenAiModels::readResponseEvent),
      new Service(RESPONSES_ASYNC, true, Endpoint.RESPONSES, OpenAiModels::readResponse, OpenAiModels::readResponseEvent),
      // embeddings have no createStreaming: the chunk reader is never used
      new Service(EMBEDDINGS_BLOCKING, false, Endpoint.EMBEDDINGS, OpenAiModels::readEmbeddings, OpenAiModels::readEmbeddings,
          Names.GEN_AI_OPERATION_EMBEDDINGS),
      new Service(EMBEDDINGS_ASYNC, true, Endpoint.EMBEDDINGS, OpenAiModels::readEmbeddings, OpenAiModels::readEmbeddings,
          Names.GEN_AI_OPERATION_EMBEDDINGS));

  private static final String CHAT = "com.openai.models.chat.completions.";
  private static final String RESPONSES = "com.openai.models.responses.";

  private static final SdkApi.Type CHAT_PARAMS = API.type(CHAT + "ChatCompletionCreateParams");
  static final Accessor CHAT_PARAMS_MODEL = CHAT_PARAMS.accessor("model");
  static final Accessor STREAM_OPTIONS = CHAT_PARAMS.accessor("streamOptions");
  private static final Accessor MESSAGES = CHAT_PARAMS.accessor("messages");
  static final Accessor INCLUDE_USAGE = API.type(CHAT + "ChatCompletionStreamOptions").accessor("includeUsage");

  /** A completion and a chunk have the same accessors, as have their choices. */
  private static final SdkApi.Type COMPLETION = API.type(CHAT + "ChatCompletion", CHAT + "ChatCompletionChunk");
  private static final Accessor COMPLETION_MODEL = COMPLETION.accessor("model");
  private static final Accessor COMPLETION_USAGE = COMPLETION.accessor("usage");
  private static final Accessor CHOICES = COMPLETION.accessor("choices");
  private static final SdkApi.Type CHOICE = API.type(CHAT + "ChatCompletion$Choice", CHAT + "ChatCompletionChunk$Choice");
  private static final Accessor FINISH_REASON = CHOICE.accessor("finishReason");
  private static final Accessor CHOICE_MESSAGE = API.type(CHAT + "ChatCompletion$Choice").accessor("message");
  private static final Accessor CHOICE_DELTA = API.type(CHAT + "ChatCompletionChunk$Choice").accessor("delta");
  private static final Accessor TOOL_CALLS = API.type(CHAT + "ChatCompletionMessage").accessor("toolCalls");
  private static final Accessor MESSAGE_CONTENT =
      API.type(CHAT + "ChatCompletionMessage", CHAT + "ChatCompletionChunk$Choice$Delta").accessor("content");
  private static final SdkApi.Type CHAT_USAGE = API.type("com.openai.models.completions.CompletionUsage");
  private static final Accessor PROMPT_TOKENS = CHAT_USAGE.accessor("promptTokens");
  private static final Accessor COMPLETION_TOKENS = CHAT_USAGE.accessor("completionTokens");
  private static final Accessor PROMPT_TOKENS_DETAILS = CHAT_USAGE.accessor("promptTokensDetails");
  private static final Accessor COMPLETION_TOKENS_DETAILS = CHAT_USAGE.accessor("completionTokensDetails");
  private static final Accessor CACHED_TOKENS = API.type("com.openai.models.completions.CompletionUsage$PromptTokensDetails",
      RESPONSES + "ResponseUsage$InputTokensDetails").accessor("cachedTokens");
  private static final Accessor REASONING_TOKENS = API.type("com.openai.models.completions.CompletionUsage$CompletionTokensDetails",
      RESPONSES + "ResponseUsage$OutputTokensDetails").accessor("reasoningTokens");

  private static final SdkApi.Type RESPONSE_PARAMS = API.type(RESPONSES + "ResponseCreateParams");
  static final Accessor RESPONSE_PARAMS_MODEL = RESPONSE_PARAMS.accessor("model");
  private static final Accessor INSTRUCTIONS = RESPONSE_PARAMS.accessor("instructions");
  private static final Accessor INPUT = RESPONSE_PARAMS.accessor("input");
  private static final Accessor INPUT_TEXT = API.type(RESPONSES + "ResponseCreateParams$Input").accessor("text");
  /** The {@code ResponsesModel} union: a string, a chat model or a responses-only model. */
  private static final SdkApi.Type RESPONSES_MODEL = API.type("com.openai.models.ResponsesModel");
  private static final Accessor MODEL_STRING = RESPONSES_MODEL.accessor("string");
  private static final Accessor MODEL_CHAT = RESPONSES_MODEL.accessor("chat");
  private static final Accessor MODEL_ONLY = RESPONSES_MODEL.accessor("only");

  private static final SdkApi.Type RESPONSE = API.type(RESPONSES + "Response");
  private static final Accessor RESPONSE_MODEL = RESPONSE.accessor("model");
  private static final Accessor RESPONSE_USAGE = RESPONSE.accessor("usage");
  private static final Accessor STATUS = RESPONSE.accessor("status");
  private static final Accessor OUTPUT = RESPONSE.accessor("output");
  private static final SdkApi.Type RESPONSE_USAGE_TYPE = API.type(RESPONSES + "ResponseUsage");
  private static final Accessor INPUT_TOKENS = RESPONSE_USAGE_TYPE.accessor("inputTokens");
  private static final Accessor OUTPUT_TOKENS = RESPONSE_USAGE_TYPE.accessor("outputTokens");
  private static final Accessor INPUT_TOKENS_DETAILS = RESPONSE_USAGE_TYPE.accessor("inputTokensDetails");
  private static final Accessor OUTPUT_TOKENS_DETAILS = RESPONSE_USAGE_TYPE.accessor("outputTokensDetails");
  private static final Accessor ITEM_MESSAGE = API.type(RESPONSES + "ResponseOutputItem").accessor("message");
  /** An output item that asks for a function tool ({@code type: "function_call"}). */
  private static final Accessor ITEM_FUNCTION_CALL = API.type(RESPONSES + "ResponseOutputItem").accessor("functionCall");
  private static final Accessor OUTPUT_MESSAGE_CONTENT = API.type(RESPONSES + "ResponseOutputMessage").accessor("content");
  private static final Accessor OUTPUT_TEXT = API.type(RESPONSES + "ResponseOutputMessage$Content").accessor("outputText");
  private static final Accessor TEXT = API.type(RESPONSES + "ResponseOutputText").accessor("text");

  private static final String EMBEDDINGS = "com.openai.models.embeddings.";
  /** {@code EmbeddingCreateParams.model()}: the {@code EmbeddingModel} enum-like class, read by its text. */
  static final Accessor EMBEDDING_PARAMS_MODEL = API.type(EMBEDDINGS + "EmbeddingCreateParams").accessor("model");
  private static final SdkApi.Type EMBEDDING_RESPONSE = API.type(EMBEDDINGS + "CreateEmbeddingResponse");
  private static final Accessor EMBEDDING_RESPONSE_MODEL = EMBEDDING_RESPONSE.accessor("model");
  private static final Accessor EMBEDDING_USAGE = EMBEDDING_RESPONSE.accessor("usage");
  private static final Accessor EMBEDDING_PROMPT_TOKENS =
      API.type(EMBEDDINGS + "CreateEmbeddingResponse$Usage").accessor("promptTokens");

  private static final SdkApi.Type EVENT = API.type(RESPONSES + "ResponseStreamEvent");
  private static final Accessor COMPLETED = EVENT.accessor("completed");
  private static final Accessor INCOMPLETE = EVENT.accessor("incomplete");
  private static final Accessor FAILED = EVENT.accessor("failed");
  private static final Accessor OUTPUT_TEXT_DELTA = EVENT.accessor("outputTextDelta");
  private static final Accessor DONE_RESPONSE = API.type(RESPONSES + "ResponseCompletedEvent",
      RESPONSES + "ResponseIncompleteEvent", RESPONSES + "ResponseFailedEvent").accessor("response");
  private static final Accessor DELTA = API.type(RESPONSES + "ResponseTextDeltaEvent").accessor("delta");

  /**
   * A model name from a {@code String}, an SDK enum ({@code ChatModel}) or the {@code
   * ResponsesModel} union (a string, a chat model or a responses-only model).
   */
  static String modelName(Object model) {
    if (model == null || model instanceof String) {
      return (String) model;
    }
    Object string = Getters.get(model, MODEL_STRING);
    if (string instanceof String) {
      return (String) string;
    }
    Object chat = Getters.get(model, MODEL_CHAT);
    if (chat != null) {
      return Getters.text(chat);
    }
    Object only = Getters.get(model, MODEL_ONLY);
    return Getters.text(only != null ? only : model);
  }

  /** The model the request names. */
  static String requestModel(Object params, boolean responses) {
    return responses ? modelName(Getters.get(params, RESPONSE_PARAMS_MODEL)) : Getters.string(params, CHAT_PARAMS_MODEL);
  }

  /** Whether a chat request asks for the usage of its stream ({@code stream_options.include_usage}). */
  static boolean includesUsage(Object chatParams) {
    return Getters.isTrue(Getters.get(chatParams, STREAM_OPTIONS), INCLUDE_USAGE);
  }

  /** {@code CreateEmbeddingResponse}: model and {@code usage.prompt_tokens} (input only; an embedding has no output tokens). */
  static void readEmbeddings(GenAiCall call, Object response) {
    call.responseModel(Getters.string(response, EMBEDDING_RESPONSE_MODEL));
    Object usage = Getters.get(response, EMBEDDING_USAGE);
    if (usage != null) {
      call.inputTokens(Getters.number(usage, EMBEDDING_PROMPT_TOKENS));
    }
  }

  /** {@code ChatCompletion}: model, usage, one finish reason per choice, the first choice's text. */
  static void readChatCompletion(GenAiCall call, Object completion) {
    call.responseModel(Getters.string(completion, COMPLETION_MODEL));
    readChatUsage(call, Getters.get(completion, COMPLETION_USAGE));
    List<?> choices = Getters.list(completion, CHOICES);
    List<String> reasons = new ArrayList<>(choices.size());
    int toolCalls = 0;
    for (Object choice : choices) {
      toolCalls += Getters.list(Getters.get(choice, CHOICE_MESSAGE), TOOL_CALLS).size();
      String reason = Getters.string(choice, FINISH_REASON);
      if (reason != null) {
        reasons.add(reason);
      }
    }
    call.finishReasons(reasons);
    call.toolCalls(toolCalls);
    if (!choices.isEmpty() && call.capturesContent()) {
      call.outputContent(Getters.string(Getters.get(choices.get(0), CHOICE_MESSAGE), MESSAGE_CONTENT));
    }
  }

  /** {@code ChatCompletionChunk}: model, the usage chunk (when the request asked for it), finish reasons, text deltas. */
  static void readChatChunk(GenAiCall call, Object chunk) {
    call.responseModel(Getters.string(chunk, COMPLETION_MODEL));
    readChatUsage(call, Getters.get(chunk, COMPLETION_USAGE));
    for (Object choice : Getters.list(chunk, CHOICES)) {
      call.finishReason(Getters.string(choice, FINISH_REASON));
      if (call.capturesContent()) {
        call.outputContent(Getters.string(Getters.get(choice, CHOICE_DELTA), MESSAGE_CONTENT));
      }
    }
  }

  /**
   * A chat usage: {@code prompt_tokens} (which includes {@code prompt_tokens_details.cached_tokens})
   * and {@code completion_tokens} (which includes {@code completion_tokens_details.reasoning_tokens}).
   */
  private static void readChatUsage(GenAiCall call, Object usage) {
    if (usage != null) {
      call.usage(Getters.number(usage, PROMPT_TOKENS), Getters.number(usage, COMPLETION_TOKENS));
      call.cacheReadTokens(Getters.number(Getters.get(usage, PROMPT_TOKENS_DETAILS), CACHED_TOKENS));
      call.reasoningTokens(Getters.number(Getters.get(usage, COMPLETION_TOKENS_DETAILS), REASONING_TOKENS));
    }
  }

  /** {@code Response}: model, usage, status (as the finish reason), output text. */
  static void readResponse(GenAiCall call, Object response) {
    readResponse(call, response, true);
  }

  private static void readResponse(GenAiCall call, Object response, boolean text) {
    call.responseModel(modelName(Getters.get(response, RESPONSE_MODEL)));
    Object usage = Getters.get(response, RESPONSE_USAGE);
    if (usage != null) {
      call.usage(Getters.number(usage, INPUT_TOKENS), Getters.number(usage, OUTPUT_TOKENS));
      call.cacheReadTokens(Getters.number(Getters.get(usage, INPUT_TOKENS_DETAILS), CACHED_TOKENS));
      call.reasoningTokens(Getters.number(Getters.get(usage, OUTPUT_TOKENS_DETAILS), REASONING_TOKENS));
    }
    String status = Getters.string(response, STATUS);
    if (status != null) {
      List<String> reasons = new ArrayList<>(1);
      reasons.add(status);
      call.finishReasons(reasons);
    }
    int functionCalls = Getters.countPresent(Getters.list(response, OUTPUT), ITEM_FUNCTION_CALL);
    if (functionCalls > 0) {
      call.toolCalls(functionCalls);
    }
    if (!text || !call.capturesContent()) {
      return;
    }
    for (Object item : Getters.list(response, OUTPUT)) {
      for (Object content : Getters.list(Getters.get(item, ITEM_MESSAGE), OUTPUT_MESSAGE_CONTENT)) {
        call.outputContent(Getters.string(Getters.get(content, OUTPUT_TEXT), TEXT));
      }
    }
  }

  /**
   * A {@code ResponseStreamEvent}: the final response ({@code response.completed}, {@code
   * .incomplete} or {@code .failed}) carries model and usage; text deltas are the output.
   */
  static void readResponseEvent(GenAiCall call, Object event) {
    Object done = Getters.get(event, COMPLETED);
    if (done == null) {
      done = Getters.get(event, INCOMPLETE);
    }
    boolean failed = false;
    if (done == null) {
      done = Getters.get(event, FAILED);
      failed = done != null;
    }
    if (done != null) {
      readResponse(call, Getters.get(done, DONE_RESPONSE), false); // its text came as deltas
      if (failed) {
        call.error("response.failed");
      }
      return;
    }
    if (call.capturesContent()) {
      call.outputContent(Getters.string(Getters.get(event, OUTPUT_TEXT_DELTA), DELTA));
    }
  }

  /** The prompt, in the SDK's own text form (only read with capture on). */
  static String inputText(Object params, boolean responses) {
    if (responses) {
      String instructions = Getters.string(params, INSTRUCTIONS);
      Object input = Getters.get(params, INPUT);
      Object text = Getters.get(input, INPUT_TEXT);
      String prompt = text instanceof String ? (String) text : input == null ? null : String.valueOf(input);
      return instructions == null ? prompt : instructions + "\n" + prompt;
    }
    return String.valueOf(Getters.list(params, MESSAGES));
  }

  /** The params of a chat completion or a response. */
  private static final class Requests implements StainlessSdk.Requests {
    @Override
    public String model(Object params, Service service) {
      if (service.family() == Endpoint.EMBEDDINGS) {
        return Getters.string(params, EMBEDDING_PARAMS_MODEL);
      }
      return requestModel(params, service.family() == Endpoint.RESPONSES);
    }

    @Override
    public String prompt(Object params, Service service) {
      if (service.family() == Endpoint.EMBEDDINGS) {
        return null; // the embedded text is not captured
      }
      return inputText(params, service.family() == Endpoint.RESPONSES);
    }

    @Override
    public void started(GenAiCall call, Object params, Service service, boolean streaming) {
      if (streaming && service.family() == Endpoint.CHAT_COMPLETIONS && !includesUsage(params)) {
        call.usageNote(NO_USAGE_REQUESTED);
      }
    }
  }
}
