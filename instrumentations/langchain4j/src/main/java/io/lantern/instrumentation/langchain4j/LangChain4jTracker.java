package io.lantern.instrumentation.langchain4j;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.langchain4j.LangChain4jHooks;

/**
 * Measures LangChain4j chat calls. Entering {@code chat} starts a {@link GenAiCall}; LangChain4j's
 * own layers ({@code chat(request)} calling {@code chat(request, options)}, a model delegating to
 * another) and an instrumented SDK underneath (openai-java under {@code langchain4j-open-ai-official})
 * start nested calls that feed the outermost one, so a user's call is recorded once.
 *
 * <p>A blocking call ends when {@code chat} returns or throws. A streaming call ends in its response
 * handler, which is remembered (weakly, by identity) from {@code chat}'s entry: at the start of
 * {@code onCompleteResponse} (the response is read) or {@code onError}, or when the {@code
 * StreamingHandle} the handler was given is cancelled (LangChain4j then calls neither). The first
 * {@code onPartialResponse}, {@code onPartialThinking} or {@code onPartialToolCall} fixes the time
 * to first chunk. The handler and the request are only read.
 */
final class LangChain4jTracker implements LangChain4jHooks.Handler {
  static final String INSTRUMENTATION = "langchain4j";
  static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
  static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";
  static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";
  static final String CHAT_REQUEST_OPTIONS = "dev.langchain4j.model.chat.ChatRequestOptions";
  static final String RESPONSE_HANDLER = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";
  static final String STREAMING_HANDLE = "dev.langchain4j.model.chat.response.StreamingHandle";

  /** One call between the hooks. */
  static final class Pending {
    final GenAiCall call;
    final boolean streaming;
    /** Whether the call's streaming handle is known (registered for cancel()). */
    volatile boolean handleKnown;

    Pending(GenAiCall call, boolean streaming) {
      this.call = call;
      this.streaming = streaming;
    }
  }

  private final GenAiRecorder recorder;
  private final InstrumentationErrors errors;
  /** Streaming calls by the response handler given to {@code chat}; values never hold the key. */
  private final WeakIdentityMap<Object, Pending> byHandler = new WeakIdentityMap<>();
  /** Streaming calls by the {@code StreamingHandle} their handler was given. */
  private final WeakIdentityMap<Object, Pending> byStreamingHandle = new WeakIdentityMap<>();

  LangChain4jTracker(GenAiRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
  }

  @Override
  public Object enter(Object model, Object request, boolean streaming, Object responseHandler) {
    try {
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, LangChain4jModels.provider(model),
          LangChain4jModels.requestModel(model, request), streaming);
      if (call.capturesContent()) {
        call.inputContent(LangChain4jModels.inputText(request));
      }
      Pending pending = new Pending(call, streaming);
      if (streaming && responseHandler != null) {
        // a layer below handing on the same handler keeps the outer call's registration
        Pending existing = byHandler.get(responseHandler);
        if (existing == null || existing.call.isEnded()) {
          byHandler.put(responseHandler, pending);
        }
      }
      return pending;
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  @Override
  public void exit(Object state, Object returned, Throwable thrown) {
    if (!(state instanceof Pending)) {
      return;
    }
    Pending pending = (Pending) state;
    GenAiCall call = pending.call;
    try {
      if (!pending.streaming) {
        if (thrown == null && returned != null) {
          LangChain4jModels.readResponse(call, returned);
        }
        call.end(thrown);
      } else if (thrown != null) {
        call.end(thrown); // failed before streaming began; a handler callback may still come and is ignored
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      call.end(thrown);
    } finally {
      call.detach();
    }
  }

  @Override
  public void partial(Object responseHandler, Object context) {
    try {
      Pending pending = byHandler.get(responseHandler);
      if (pending == null) {
        return;
      }
      pending.call.chunk();
      if (context != null && !pending.handleKnown) {
        Object handle = Getters.get(context, "streamingHandle");
        if (handle != null) {
          pending.handleKnown = true;
          byStreamingHandle.put(handle, pending);
        }
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  @Override
  public void complete(Object responseHandler, Object response) {
    try {
      Pending pending = byHandler.get(responseHandler);
      if (pending == null) {
        return;
      }
      byHandler.remove(responseHandler, pending);
      try {
        if (response != null && !pending.call.isEnded()) {
          LangChain4jModels.readResponse(pending.call, response);
        }
      } finally {
        pending.call.end(null);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  @Override
  public void failed(Object responseHandler, Throwable error) {
    try {
      Pending pending = byHandler.get(responseHandler);
      if (pending != null) {
        byHandler.remove(responseHandler, pending);
        pending.call.end(error);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  @Override
  public void cancelled(Object streamingHandle) {
    try {
      Pending pending = byStreamingHandle.remove(streamingHandle);
      if (pending != null) {
        pending.call.end(null); // its handler's entry stays until the handler is reused or collected
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }
}
