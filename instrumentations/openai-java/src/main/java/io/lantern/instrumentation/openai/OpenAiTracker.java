package io.lantern.instrumentation.openai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.genai.GenAiTracker;
import io.lantern.agent.genai.GenAiTracker.Style;
import io.lantern.agent.genai.GenAiStreams;
import io.lantern.agent.util.Getters;
import io.lantern.bootstrap.openai.OpenAiHooks;

/**
 * Measures openai-java calls. A service method's entry starts a {@link GenAiCall} (nested in an
 * outer AI call when there is one: Spring AI, LangChain4j); the exit hook ({@link GenAiTracker}'s)
 * reads what the method returned: a blocking response is read, an async call ends when its future
 * completes, a {@code StreamResponse} is measured until the chunk stream it hands out ends or it is
 * closed, whichever comes first, and an {@code AsyncStreamResponse} through the handler subscribed
 * to it. The request object is only read, never changed: a chat
 * stream whose request did not ask for {@code stream_options.include_usage} has no usage, and gives
 * no token metric.
 */
final class OpenAiTracker extends GenAiTracker implements OpenAiHooks.Handler {
  static final String INSTRUMENTATION = "openai-java";
  static final String CHAT_BLOCKING = "com.openai.services.blocking.chat.ChatCompletionServiceImpl";
  static final String CHAT_ASYNC = "com.openai.services.async.chat.ChatCompletionServiceAsyncImpl";
  static final String RESPONSES_BLOCKING = "com.openai.services.blocking.ResponseServiceImpl";
  static final String RESPONSES_ASYNC = "com.openai.services.async.ResponseServiceAsyncImpl";
  static final String HANDLER_INTERFACE = "com.openai.core.http.AsyncStreamResponse$Handler";
  static final String NO_USAGE_REQUESTED = "streamed without stream_options.include_usage: the API sends no usage";

  /** Which service method: what it returns, and how to read it. */
  enum Kind {
    CHAT(false, Style.BLOCKING, OpenAiModels::readChatCompletion),
    CHAT_STREAM(false, Style.STREAMING, OpenAiModels::readChatChunk),
    CHAT_ASYNC(false, Style.ASYNC, OpenAiModels::readChatCompletion),
    /** An {@code AsyncStreamResponse}, observed through the handler subscribed to it. */
    CHAT_ASYNC_STREAM(false, Style.STREAMING, OpenAiModels::readChatChunk),
    RESPONSES(true, Style.BLOCKING, OpenAiModels::readResponse),
    RESPONSES_STREAM(true, Style.STREAMING, OpenAiModels::readResponseEvent),
    RESPONSES_ASYNC(true, Style.ASYNC, OpenAiModels::readResponse),
    RESPONSES_ASYNC_STREAM(true, Style.STREAMING, OpenAiModels::readResponseEvent);

    final boolean responses;
    final Style style;
    final GenAiStreams.ChunkReader reader;

    Kind(boolean responses, Style style, GenAiStreams.ChunkReader reader) {
      this.responses = responses;
      this.style = style;
      this.reader = reader;
    }

    boolean streaming() {
      return style == Style.STREAMING;
    }
  }

  private final GenAiRecorder recorder;

  OpenAiTracker(GenAiRecorder recorder, InstrumentationErrors errors) {
    super(errors, INSTRUMENTATION, HANDLER_INTERFACE);
    this.recorder = recorder;
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
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, Names.GEN_AI_PROVIDER_OPENAI, model, kind.streaming());
      if ((kind == Kind.CHAT_STREAM || kind == Kind.CHAT_ASYNC_STREAM) && !Getters.isTrue(Getters.get(params, "streamOptions"), "includeUsage")) {
        call.usageNote(NO_USAGE_REQUESTED);
      }
      if (recorder.captureContent()) {
        call.inputContent(OpenAiModels.inputText(params, kind.responses));
      }
      return pending(call, kind.style, kind.reader);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }
}
