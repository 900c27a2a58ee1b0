package io.lantern.instrumentation.springai;

import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiProviders;
import io.lantern.agent.util.Accessor;
import io.lantern.agent.util.ForwardingProxy;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.SdkApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Spring AI's objects ({@code Prompt}, {@code ChatOptions}, {@code ChatResponse}) through their
 * public accessors ({@link Getters}): the agent cannot link against the application's copy. Every
 * type and accessor the module reads is declared here, in {@link #API}, and read through these
 * constants only ({@code SpringAiTrackerTest} checks them against Spring AI).
 */
final class SpringAiModels {
  private static final String CHAT = "org.springframework.ai.chat.";

  static final SdkApi API = new SdkApi(SpringAiTracker.INSTRUMENTATION);
  /** Spring AI's stand-in when a response has no usage: its zeros are not counts. */
  static final String EMPTY_USAGE = API.type(CHAT + "metadata.EmptyUsage").name();

  static { // the types woven or matched, checked too (their methods are matched in the rules)
    API.type(SpringAiTracker.STREAMING_CHAT_MODEL, ReactorFlux.FLUX, ReactorFlux.PUBLISHER);
  }

  private static final Accessor TOOL_DEFINITION = API.type(SpringAiTracker.TOOL_CALLBACK).accessor("getToolDefinition");
  private static final Accessor TOOL_DEFINITION_NAME = API.type("org.springframework.ai.tool.definition.ToolDefinition").accessor("name");

  static { // matched in the tool rule
    API.type(SpringAiTracker.TOOL_CONTEXT, SpringAiTracker.TOOL_EXECUTION_EXCEPTION);
  }

  /** Whether a class is a {@code ToolCallback} (the advice it shares with the models is told apart by this when the argument is null). */
  private static final ClassValue<Boolean> TOOL_CALLBACK_CLASS = new ClassValue<Boolean>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return ForwardingProxy.implemented(type, SpringAiTracker.TOOL_CALLBACK) != null;
    }
  };

  static boolean isToolCallback(Object self) {
    return self != null && TOOL_CALLBACK_CLASS.get(self.getClass());
  }

  /** The tool's name as the model was told it ({@code getToolDefinition().name()}). */
  static String toolName(Object toolCallback) {
    return Getters.text(Getters.path(toolCallback, TOOL_DEFINITION, TOOL_DEFINITION_NAME));
  }

  private static final Accessor PROMPT_OPTIONS = API.type(SpringAiTracker.PROMPT).accessor("getOptions");
  private static final Accessor CONTENTS = API.type(SpringAiTracker.PROMPT).accessor("getContents");
  /** A chat model's default options: {@code getOptions()} in 2.x, {@code getDefaultOptions()} in 1.x. */
  private static final Accessor MODEL_OPTIONS = API.type(SpringAiTracker.CHAT_MODEL).accessor("getOptions", "getDefaultOptions");
  private static final Accessor OPTIONS_MODEL = API.type(CHAT + "prompt.ChatOptions").accessor("getModel");
  private static final SdkApi.Type RESPONSE = API.type(CHAT + "model.ChatResponse");
  private static final Accessor RESPONSE_METADATA = RESPONSE.accessor("getMetadata");
  private static final Accessor RESULTS = RESPONSE.accessor("getResults");
  private static final SdkApi.Type RESPONSE_METADATA_TYPE = API.type(CHAT + "metadata.ChatResponseMetadata");
  private static final Accessor METADATA_MODEL = RESPONSE_METADATA_TYPE.accessor("getModel");
  private static final Accessor METADATA_USAGE = RESPONSE_METADATA_TYPE.accessor("getUsage");
  private static final SdkApi.Type USAGE = API.type(CHAT + "metadata.Usage");
  private static final Accessor PROMPT_TOKENS = USAGE.accessor("getPromptTokens");
  private static final Accessor COMPLETION_TOKENS = USAGE.accessor("getCompletionTokens");
  private static final SdkApi.Type GENERATION = API.type(CHAT + "model.Generation");
  private static final Accessor GENERATION_METADATA = GENERATION.accessor("getMetadata");
  private static final Accessor OUTPUT = GENERATION.accessor("getOutput");
  private static final Accessor FINISH_REASON = API.type(CHAT + "metadata.ChatGenerationMetadata").accessor("getFinishReason");
  private static final SdkApi.Type ASSISTANT_MESSAGE = API.type(CHAT + "messages.AssistantMessage");
  private static final Accessor TEXT = ASSISTANT_MESSAGE.accessor("getText");
  private static final Accessor TOOL_CALLS = ASSISTANT_MESSAGE.accessor("getToolCalls");

  private static final Accessor EMBEDDING_REQUEST_OPTIONS = API.type(SpringAiTracker.EMBEDDING_REQUEST).accessor("getOptions");
  private static final Accessor EMBEDDING_OPTIONS_MODEL = API.type("org.springframework.ai.embedding.EmbeddingOptions").accessor("getModel");
  private static final Accessor EMBEDDING_METADATA = API.type("org.springframework.ai.embedding.EmbeddingResponse").accessor("getMetadata");
  private static final SdkApi.Type EMBEDDING_METADATA_TYPE = API.type("org.springframework.ai.embedding.EmbeddingResponseMetadata");
  private static final Accessor EMBEDDING_METADATA_MODEL = EMBEDDING_METADATA_TYPE.accessor("getModel");
  private static final Accessor EMBEDDING_METADATA_USAGE = EMBEDDING_METADATA_TYPE.accessor("getUsage");

  private SpringAiModels() {}

  /** The model an embedding request's options name, else the model's default options' ({@code getOptions()}). */
  static String embeddingRequestModel(Object model, Object request) {
    String requested = Getters.string(Getters.get(request, EMBEDDING_REQUEST_OPTIONS), EMBEDDING_OPTIONS_MODEL);
    if (requested != null && !requested.isEmpty()) {
      return requested;
    }
    return Getters.string(Getters.get(model, MODEL_OPTIONS), EMBEDDING_OPTIONS_MODEL);
  }

  /** An {@code EmbeddingResponse}: the model that answered and the prompt tokens of its usage (embeddings have no output). */
  static void readEmbeddingResponse(GenAiCall call, Object response) {
    Object metadata = Getters.get(response, EMBEDDING_METADATA);
    String model = Getters.string(metadata, EMBEDDING_METADATA_MODEL);
    if (model != null && !model.isEmpty()) {
      call.responseModel(model);
    }
    Object usage = Getters.get(metadata, EMBEDDING_METADATA_USAGE);
    if (usage != null && !usage.getClass().getName().equals(EMPTY_USAGE)) {
      long input = Getters.number(usage, PROMPT_TOKENS);
      if (input > 0) {
        call.inputTokens(input);
      }
    }
  }

  /** The semconv provider of a model, from its module's package ({@code org.springframework.ai.openai}, ...), or null. */
  static String provider(Object model) {
    return model == null ? null : GenAiProviders.fromClassName(model.getClass().getName());
  }

  /** The model the prompt's options name, else the model's default options' ({@code getOptions()}, 1.x {@code getDefaultOptions()}). */
  static String requestModel(Object model, Object prompt) {
    String requested = Getters.string(Getters.get(prompt, PROMPT_OPTIONS), OPTIONS_MODEL);
    if (requested != null && !requested.isEmpty()) {
      return requested;
    }
    Object defaults = Getters.get(model, MODEL_OPTIONS);
    return Getters.string(defaults, OPTIONS_MODEL);
  }

  /**
   * A {@code ChatResponse}, whole or one element of a stream: the model that answered, token usage
   * when the response has one (Spring AI stands for a missing one with {@code EmptyUsage}, or, in
   * the OpenAI module's streamed elements, with zero counts: both are no usage), the generations'
   * finish reasons in lower case, and with capture on their text.
   */
  static void readResponse(GenAiCall call, Object response) {
    Object metadata = Getters.get(response, RESPONSE_METADATA);
    call.responseModel(Getters.string(metadata, METADATA_MODEL));
    Object usage = Getters.get(metadata, METADATA_USAGE);
    if (usage != null && !usage.getClass().getName().equals(EMPTY_USAGE)) {
      long input = Getters.number(usage, PROMPT_TOKENS);
      long output = Getters.number(usage, COMPLETION_TOKENS);
      // streamed elements without usage carry zeros (OpenAI module); no prompt has zero tokens
      if (input > 0 || output > 0) {
        call.usage(input, output);
      }
    }
    List<?> results = Getters.list(response, RESULTS);
    List<String> reasons = new ArrayList<>(results.size());
    int toolCalls = 0;
    for (Object generation : results) {
      toolCalls += Getters.list(Getters.get(generation, OUTPUT), TOOL_CALLS).size();
      String reason = Getters.string(Getters.get(generation, GENERATION_METADATA), FINISH_REASON);
      if (reason != null && !reason.isEmpty()) {
        reasons.add(reason.toLowerCase(Locale.ROOT));
      }
      if (call.capturesContent()) {
        call.outputContent(Getters.string(Getters.get(generation, OUTPUT), TEXT));
      }
    }
    if (!reasons.isEmpty()) {
      call.finishReasons(reasons);
    }
    if (toolCalls > 0) {
      call.toolCalls(toolCalls); // a streamed element without any keeps the count of one that had
    }
  }

  /** The prompt's text (only read with capture on). */
  static String inputText(Object prompt) {
    return Getters.string(prompt, CONTENTS);
  }
}
