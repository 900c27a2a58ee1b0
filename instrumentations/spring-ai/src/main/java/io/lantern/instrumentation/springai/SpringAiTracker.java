package io.lantern.instrumentation.springai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.genai.GenAiStreams;
import io.lantern.agent.genai.GenAiToolCall;
import io.lantern.agent.genai.GenAiTracker;
import io.lantern.bootstrap.Hooks;

/**
 * Measures Spring AI chat calls. {@code ChatModel.call(Prompt)} is a call from entry to return
 * (ended by {@link GenAiTracker#exit});
 * each subscription of the flux {@code StreamingChatModel.stream(Prompt)} returns is a streaming
 * call ({@link ObservedPublisher}). Spring AI's OpenAI module is built on openai-java, whose calls
 * start while the Spring AI call is current and so nest in it: one operation, the Spring AI call,
 * with the provider, response model and tokens of what answered. The prompt is only read.
 */
final class SpringAiTracker extends GenAiTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "spring-ai";
  /**
   * {@code ChatModel.call(Prompt)}, and {@code EmbeddingModel.call(EmbeddingRequest)}: at entry self
   * the model, argument the prompt (or request); at exit returned the response.
   */
  static final int CALL = 0;
  /** Exit of {@code StreamingChatModel.stream(Prompt)}: state the prompt, self the model, returned the flux; returns the flux to hand out. */
  static final int STREAM = 1;
  static final String TOOL_CALLBACK = "org.springframework.ai.tool.ToolCallback";
  static final String TOOL_CONTEXT = "org.springframework.ai.chat.model.ToolContext";
  /** What Spring AI's callbacks wrap the tool's own exception in. */
  static final String TOOL_EXECUTION_EXCEPTION = "org.springframework.ai.tool.execution.ToolExecutionException";
  static final String EMBEDDING_MODEL = "org.springframework.ai.embedding.EmbeddingModel";
  static final String EMBEDDING_REQUEST = "org.springframework.ai.embedding.EmbeddingRequest";
  static final String CHAT_MODEL = "org.springframework.ai.chat.model.ChatModel";
  static final String STREAMING_CHAT_MODEL = "org.springframework.ai.chat.model.StreamingChatModel";
  static final String PROMPT = "org.springframework.ai.chat.prompt.Prompt";

  /** What a call is asked, read once from the model and prompt. */
  static final class Request {
    final String provider;
    final String model;
    /** The prompt text, with capture on only. */
    final String input;

    Request(String provider, String model, String input) {
      this.provider = provider;
      this.model = model;
      this.input = input;
    }
  }

  private static final GenAiStreams.ChunkReader RESPONSE = SpringAiModels::readResponse;
  private static final GenAiStreams.ChunkReader EMBEDDING_RESPONSE = SpringAiModels::readEmbeddingResponse;

  private final GenAiRecorder recorder;

  SpringAiTracker(GenAiRecorder recorder, InstrumentationErrors errors) {
    super(errors, INSTRUMENTATION);
    this.recorder = recorder;
  }

  private Request request(Object model, Object prompt) {
    return new Request(SpringAiModels.provider(model), SpringAiModels.requestModel(model, prompt),
        recorder.captureContent() ? SpringAiModels.inputText(prompt) : null);
  }

  /** Starts a call on this thread (nested when an AI call is current). */
  GenAiCall start(Request request, boolean streaming) {
    GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, request.provider, request.model, streaming);
    call.inputContent(request.input);
    return call;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    if (site == CALL && argument != null && argument.getClass().getName().equals(EMBEDDING_REQUEST)) {
      return embed(self, argument); // EmbeddingModel.call(EmbeddingRequest), through the same advice
    }
    if (site == CALL && (argument instanceof String || argument == null && SpringAiModels.isToolCallback(self))) {
      return startTool(self); // ToolCallback.call(String[, ToolContext]), through the same advice; the arguments are never read
    }
    return site == CALL ? call(self, argument) : null;
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (site == CALL) {
      if (state instanceof GenAiToolCall) {
        endTool((GenAiToolCall) state, thrown);
      } else if (state != null) {
        exit(state, returned, thrown);
      }
      return returned;
    }
    return site == STREAM && returned != null ? stream(self, state, returned) : returned;
  }

  /** A tool run, unless this callback's run is already current (its {@code call(String)} calling {@code call(String, ToolContext)}). */
  private Object startTool(Object callback) {
    try {
      return recorder.startTool(SpringAiModels.toolName(callback), null, callback);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  /** Ends the run; the callback's {@code ToolExecutionException} reports the tool's own exception class. */
  private void endTool(GenAiToolCall tool, Throwable thrown) {
    try {
      if (thrown != null && thrown.getCause() != null && thrown.getClass().getName().equals(TOOL_EXECUTION_EXCEPTION)) {
        tool.toolFailed(thrown.getCause());
      }
      tool.end(thrown);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    } finally {
      tool.detach();
    }
  }

  private Object call(Object model, Object prompt) {
    try {
      return pending(start(request(model, prompt), false), Style.BLOCKING, RESPONSE); // ended by the inherited exit
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  /** An embeddings call; openai-java's {@code embeddings().create} underneath nests in it. The inputs are never captured. */
  private Object embed(Object model, Object request) {
    try {
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_EMBEDDINGS, SpringAiModels.provider(model),
          SpringAiModels.embeddingRequestModel(model, request), false);
      return pending(call, Style.BLOCKING, EMBEDDING_RESPONSE);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  private Object stream(Object model, Object prompt, Object flux) {
    try {
      ReactorFlux reactor = ReactorFlux.of(flux);
      if (reactor == null) {
        return flux;
      }
      Object publisher = new ObservedPublisher(flux, reactor, this, request(model, prompt), errors).proxy(reactor.publisher);
      return publisher == flux ? flux : reactor.from(publisher);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return flux;
    }
  }
}
