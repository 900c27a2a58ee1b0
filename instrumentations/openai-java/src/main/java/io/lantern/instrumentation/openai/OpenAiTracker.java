package io.lantern.instrumentation.openai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.genai.GenAiStreams;
import io.lantern.agent.genai.StreamHandlerProxy;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.openai.OpenAiHooks;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Measures openai-java calls. A service method's entry starts a {@link GenAiCall} (nested in an
 * outer AI call when there is one: Spring AI, LangChain4j); its exit reads the response (blocking),
 * or hooks the end of the work: the future's completion (async), or, for a {@code StreamResponse},
 * the end of the chunk stream it hands out or its {@code close()} (streaming), whichever comes
 * first. The request object is only read, never changed: a chat stream whose request did not ask
 * for {@code stream_options.include_usage} has no usage, and gives no token metric.
 */
final class OpenAiTracker implements OpenAiHooks.Handler {
  static final String INSTRUMENTATION = "openai-java";
  static final String CHAT_BLOCKING = "com.openai.services.blocking.chat.ChatCompletionServiceImpl";
  static final String CHAT_ASYNC = "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl";
  static final String RESPONSES_BLOCKING = "com.openai.services.blocking.ResponseServiceImpl";
  static final String RESPONSES_ASYNC = "com.openai.services.async.ResponseServiceAsyncImpl";
  static final String HANDLER_INTERFACE = "com.openai.core.http.AsyncStreamResponse$Handler";
  static final String NO_USAGE_REQUESTED = "streamed without stream_options.include_usage: the API sends no usage";

  /** Which service method: what the exit does with its return value. */
  enum Kind {
    CHAT(false, false, false),
    CHAT_STREAM(false, true, false),
    CHAT_ASYNC(false, false, true),
    CHAT_ASYNC_STREAM(false, true, true),
    RESPONSES(true, false, false),
    RESPONSES_STREAM(true, true, false),
    RESPONSES_ASYNC(true, false, true),
    RESPONSES_ASYNC_STREAM(true, true, true);

    final boolean responses;
    final boolean streaming;
    final boolean async;

    Kind(boolean responses, boolean streaming, boolean async) {
      this.responses = responses;
      this.streaming = streaming;
      this.async = async;
    }
  }

  /** One call between the hooks: the call and what it is. */
  static final class Pending {
    final GenAiCall call;
    final Kind kind;

    Pending(GenAiCall call, Kind kind) {
      this.call = call;
      this.kind = kind;
    }
  }

  private final GenAiRecorder recorder;
  private final InstrumentationErrors errors;
  /** Stream responses being measured, until closed (weak: an abandoned one is not kept alive). */
  private final WeakIdentityMap<Object, Pending> streams = new WeakIdentityMap<>();
  /** Async stream responses being measured, until subscribed. */
  private final WeakIdentityMap<Object, Pending> asyncStreams = new WeakIdentityMap<>();
  private final GenAiStreams.ChunkReader chatChunks;
  private final GenAiStreams.ChunkReader responseEvents;

  OpenAiTracker(GenAiRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
    this.chatChunks = (call, chunk) -> OpenAiModels.readChatChunk(call, chunk);
    this.responseEvents = (call, event) -> OpenAiModels.readResponseEvent(call, event);
  }

  static Kind kindOf(String origin) {
    if (origin == null) {
      return null;
    }
    boolean streaming = origin.endsWith(".createStreaming");
    if (origin.startsWith(CHAT_BLOCKING + ".")) {
      return streaming ? Kind.CHAT_STREAM : Kind.CHAT;
    }
    if (origin.startsWith(CHAT_ASYNC + ".")) {
      return streaming ? Kind.CHAT_ASYNC_STREAM : Kind.CHAT_ASYNC;
    }
    if (origin.startsWith(RESPONSES_BLOCKING + ".")) {
      return streaming ? Kind.RESPONSES_STREAM : Kind.RESPONSES;
    }
    if (origin.startsWith(RESPONSES_ASYNC + ".")) {
      return streaming ? Kind.RESPONSES_ASYNC_STREAM : Kind.RESPONSES_ASYNC;
    }
    return null;
  }

  @Override
  public Object enter(Object params, String origin) {
    try {
      Kind kind = kindOf(origin);
      if (kind == null) {
        return null;
      }
      String model = kind.responses ? OpenAiModels.modelName(Getters.get(params, "model")) : Getters.string(params, "model");
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, Names.GEN_AI_PROVIDER_OPENAI, model, kind.streaming);
      if ((kind == Kind.CHAT_STREAM || kind == Kind.CHAT_ASYNC_STREAM) && !Getters.isTrue(Getters.get(params, "streamOptions"), "includeUsage")) {
        call.usageNote(NO_USAGE_REQUESTED);
      }
      if (recorder.captureContent()) {
        call.inputContent(OpenAiModels.inputText(params, kind.responses));
      }
      return new Pending(call, kind);
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
      if (thrown != null || returned == null) {
        call.end(thrown);
      } else if (pending.kind.streaming && pending.kind.async) {
        asyncStreams.put(returned, pending);
        // ends a stream that fails before, or is closed without, a subscription
        Object done = Getters.get(returned, "onCompleteFuture");
        if (done instanceof CompletableFuture) {
          ((CompletableFuture<?>) done).whenComplete((ignored, failure) -> call.end(failure));
        }
      } else if (pending.kind.streaming) {
        streams.put(returned, pending);
      } else if (pending.kind.async) {
        if (returned instanceof CompletableFuture) {
          ((CompletableFuture<?>) returned).whenComplete(new Completion(call, pending.kind, errors));
        } else {
          call.end(null);
        }
      } else {
        read(call, pending.kind, returned, errors);
        call.end(null);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      call.end(thrown);
    } finally {
      call.detach();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object stream(Object streamResponse, Object stream) {
    try {
      Pending pending = streams.get(streamResponse);
      if (pending == null || !(stream instanceof Stream)) {
        return stream;
      }
      return GenAiStreams.observe((Stream<Object>) stream, pending.call,
          pending.kind.responses ? responseEvents : chatChunks, errors, INSTRUMENTATION);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return stream;
    }
  }

  @Override
  public void closed(Object streamResponse) {
    try {
      Pending pending = streams.remove(streamResponse);
      if (pending != null) {
        pending.call.end(null);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  @Override
  public Object subscribe(Object asyncStreamResponse, Object handler) {
    try {
      Pending pending = asyncStreams.remove(asyncStreamResponse);
      if (pending == null) {
        return handler;
      }
      Class<?> handlerInterface =
          Class.forName(HANDLER_INTERFACE, false, asyncStreamResponse.getClass().getClassLoader());
      return StreamHandlerProxy.wrap(handlerInterface, handler, pending.call,
          pending.kind.responses ? responseEvents : chatChunks, errors, INSTRUMENTATION);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return handler;
    }
  }

  /** Reads a complete response (a {@code ChatCompletion} or a {@code Response}) into the call. */
  static void read(GenAiCall call, Kind kind, Object response, InstrumentationErrors errors) {
    try {
      if (kind.responses) {
        OpenAiModels.readResponse(call, response);
      } else {
        OpenAiModels.readChatCompletion(call, response);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /** Ends an async call when its future completes, on whatever thread completes it. */
  static final class Completion implements BiConsumer<Object, Throwable> {
    private final GenAiCall call;
    private final Kind kind;
    private final InstrumentationErrors errors;

    Completion(GenAiCall call, Kind kind, InstrumentationErrors errors) {
      this.call = call;
      this.kind = kind;
      this.errors = errors;
    }

    @Override
    public void accept(Object result, Throwable failure) {
      try {
        if (failure == null && result != null) {
          read(call, kind, result, errors);
        }
        call.end(failure);
      } catch (Throwable t) {
        errors.report(INSTRUMENTATION, t);
      }
    }
  }
}
