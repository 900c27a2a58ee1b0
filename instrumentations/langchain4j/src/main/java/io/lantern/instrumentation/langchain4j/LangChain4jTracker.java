package io.lantern.instrumentation.langchain4j;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiHosts;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.genai.GenAiStreams;
import io.lantern.agent.genai.GenAiToolCall;
import io.lantern.agent.genai.GenAiTracker;
import io.lantern.agent.util.ForwardingProxy;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.Hooks;
import java.lang.reflect.InvocationTargetException;

/**
 * Measures LangChain4j chat calls. Entering {@code chat} starts a {@link GenAiCall}; LangChain4j's
 * own layers ({@code chat(request)} calling {@code chat(request, options)}, a model delegating to
 * another) and an instrumented SDK underneath (openai-java under {@code langchain4j-open-ai-official})
 * start nested calls that feed the outermost one, so a user's call is recorded once.
 *
 * <p>A blocking call ends when {@code chat} returns or throws. A streaming call ends in the
 * response handler: the outermost {@code chat} gives the model an {@link ObservedResponseHandler}
 * standing for the application's. The request and the application's handler are only read.
 */
final class LangChain4jTracker extends GenAiTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "langchain4j";
  /**
   * {@code ChatModel.chat(ChatRequest[, ChatRequestOptions])}, {@code
   * EmbeddingModel.embed(EmbeddingRequest)} and {@code DefaultToolExecutor.executeWithContext}: self
   * the model (executor), argument the request; exit gets the response.
   */
  static final int CHAT = 0;
  /** {@code StreamingChatModel.chat(ChatRequest[, ChatRequestOptions], handler)}: self the model, argument the request. */
  static final int STREAM_CHAT = 1;
  /**
   * Right after {@link #STREAM_CHAT}'s entry, through exit: state what it returned, returned the
   * application's response handler; returns the handler to give the model (an observing one, or the same).
   */
  static final int HANDLER = 2;
  /** Exit of {@code StreamingHandle.cancel()}: self the handle. */
  static final int CANCEL = 3;
  /** Exit of the private {@code DefaultToolExecutor.execute(Object[])} that threw: the tool's exception, wrapped. */
  static final int TOOL_FAILED = 4;
  static final String TOOL_EXECUTOR = "dev.langchain4j.service.tool.DefaultToolExecutor";
  static final String TOOL_EXECUTION_REQUEST = "dev.langchain4j.agent.tool.ToolExecutionRequest";
  static final String EMBEDDING_MODEL = "dev.langchain4j.model.embedding.EmbeddingModel";
  static final String EMBEDDING_REQUEST = "dev.langchain4j.model.embedding.request.EmbeddingRequest";
  static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
  static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";
  static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";
  static final String CHAT_REQUEST_OPTIONS = "dev.langchain4j.model.chat.ChatRequestOptions";
  static final String RESPONSE_HANDLER = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";
  static final String STREAMING_HANDLE = "dev.langchain4j.model.chat.response.StreamingHandle";

  /** The {@code StreamingChatResponseHandler} interface as each handler class sees it. */
  private static final ClassValue<Class<?>> HANDLER_INTERFACE = new ClassValue<Class<?>>() {
    @Override
    protected Class<?> computeValue(Class<?> type) {
      return ForwardingProxy.implemented(type, RESPONSE_HANDLER);
    }
  };

  private static final GenAiStreams.ChunkReader RESPONSE = LangChain4jModels::readResponse;
  private static final GenAiStreams.ChunkReader EMBEDDING_RESPONSE = LangChain4jModels::readEmbeddingResponse;

  private final GenAiRecorder recorder;
  /** Streaming calls by the {@code StreamingHandle} their handler was given, until cancelled or collected. */
  private final WeakIdentityMap<Object, GenAiCall> byStreamingHandle = new WeakIdentityMap<>();

  /** {@code lantern.gen-ai.provider-hosts} over the built-in host table. */
  private final GenAiHosts hosts;

  LangChain4jTracker(GenAiRecorder recorder, InstrumentationErrors errors) {
    this(recorder, GenAiHosts.NONE, errors);
  }

  LangChain4jTracker(GenAiRecorder recorder, GenAiHosts hosts, InstrumentationErrors errors) {
    super(errors, INSTRUMENTATION);
    this.recorder = recorder;
    this.hosts = hosts;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    if (site == CHAT && argument != null && argument.getClass().getName().equals(EMBEDDING_REQUEST)) {
      return embed(self, argument); // EmbeddingModel.embed(EmbeddingRequest), through the same advice
    }
    if (site == CHAT && argument != null && argument.getClass().getName().equals(TOOL_EXECUTION_REQUEST)) {
      return startTool(argument); // DefaultToolExecutor.executeWithContext(request, context), through the same advice
    }
    return site == CHAT || site == STREAM_CHAT ? start(self, argument, site == STREAM_CHAT) : null;
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    switch (site) {
      case CHAT:
      case STREAM_CHAT:
        if (state instanceof GenAiToolCall) {
          endTool((GenAiToolCall) state, thrown);
        } else if (state != null) {
          ended(state, returned, thrown);
        }
        return returned;
      case HANDLER:
        return state == null ? returned : responseHandler(state, returned);
      case CANCEL:
        cancelled(self);
        return returned;
      case TOOL_FAILED:
        toolFailed(thrown);
        return returned;
      default:
        return returned;
    }
  }

  private Object start(Object model, Object request, boolean streaming) {
    try {
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, LangChain4jModels.provider(model, hosts),
          LangChain4jModels.requestModel(model, request), streaming);
      if (call.capturesContent()) {
        call.inputContent(LangChain4jModels.inputText(request));
      }
      // a streaming call is its own state (it ends in its handler); a blocking one, or a layer
      // below the outermost (a nested call), ends when chat returns
      return streaming && !call.isNested() ? call : pending(call, Style.BLOCKING, RESPONSE);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  /** An embeddings call, blocking; an SDK call underneath (openai-java) nests in it. The inputs are never captured. */
  private Object embed(Object model, Object request) {
    try {
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_EMBEDDINGS, LangChain4jModels.provider(model, hosts),
          LangChain4jModels.embeddingRequestModel(model, request), false);
      return pending(call, Style.BLOCKING, EMBEDDING_RESPONSE);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  private Object responseHandler(Object state, Object responseHandler) {
    try {
      if (!(state instanceof GenAiCall) || responseHandler == null) {
        return responseHandler; // not the outermost streaming call: the handler it gets already reports
      }
      Class<?> type = HANDLER_INTERFACE.get(responseHandler.getClass());
      return new ObservedResponseHandler(responseHandler, (GenAiCall) state, this, errors).proxy(type);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return responseHandler;
    }
  }

  private void ended(Object state, Object returned, Throwable thrown) {
    if (!(state instanceof GenAiCall)) {
      exit(state, returned, thrown); // blocking: reads the response, ends, detaches
      return;
    }
    GenAiCall call = (GenAiCall) state;
    if (thrown != null) {
      call.end(thrown); // failed before streaming began
    }
    call.detach();
  }

  private Object startTool(Object request) {
    try {
      return recorder.startTool(LangChain4jModels.toolName(request), LangChain4jModels.toolCallId(request), null);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  private void endTool(GenAiToolCall tool, Throwable thrown) {
    try {
      tool.end(thrown);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    } finally {
      tool.detach();
    }
  }

  /** The tool method threw (an {@code InvocationTargetException} around it): its class is the run's error type. */
  private void toolFailed(Throwable thrown) {
    try {
      GenAiToolCall tool = GenAiToolCall.current();
      if (tool != null) {
        tool.toolFailed(thrown instanceof InvocationTargetException && thrown.getCause() != null ? thrown.getCause() : thrown);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /** A streaming call's handle, so that {@link #cancelled} can end it. */
  void remember(Object streamingHandle, GenAiCall call) {
    byStreamingHandle.put(streamingHandle, call);
  }

  private void cancelled(Object streamingHandle) {
    try {
      GenAiCall call = byStreamingHandle.remove(streamingHandle);
      if (call != null) {
        call.end(null);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }
}
