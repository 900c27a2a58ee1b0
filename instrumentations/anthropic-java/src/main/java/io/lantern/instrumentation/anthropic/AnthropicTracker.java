package io.lantern.instrumentation.anthropic;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.genai.GenAiTracker;
import io.lantern.agent.genai.GenAiTracker.Style;
import io.lantern.agent.genai.GenAiStreams;
import io.lantern.agent.util.Getters;
import io.lantern.bootstrap.anthropic.AnthropicHooks;

/**
 * Measures anthropic-java messages calls. A service method's entry starts a {@link GenAiCall}
 * (nested in an outer AI call when there is one); the exit hook ({@link GenAiTracker}'s) reads
 * what the method returned: a {@code Message} is read, an async call ends when its future completes,
 * a {@code StreamResponse} is measured until its event stream ends or it is closed, and an {@code
 * AsyncStreamResponse} through the handler subscribed to it, until it completes or is closed. The
 * request object is only read.
 */
final class AnthropicTracker extends GenAiTracker implements AnthropicHooks.Handler {
  static final String INSTRUMENTATION = "anthropic-java";
  static final String MESSAGES_BLOCKING = "com.anthropic.services.blocking.MessageServiceImpl";
  static final String MESSAGES_ASYNC = "com.anthropic.services.async.MessageServiceAsyncImpl";
  static final String BETA_MESSAGES_BLOCKING = "com.anthropic.services.blocking.beta.MessageServiceImpl";
  static final String BETA_MESSAGES_ASYNC = "com.anthropic.services.async.beta.MessageServiceAsyncImpl";
  static final String HANDLER = "com.anthropic.core.http.AsyncStreamResponse$Handler";

  /** Which service method: what it returns, and how to read it. */
  enum Kind {
    CREATE(Style.BLOCKING, AnthropicModels::readMessage),
    CREATE_ASYNC(Style.ASYNC, AnthropicModels::readMessage),
    /** Blocking {@code StreamResponse}, or the async service's {@code AsyncStreamResponse}. */
    CREATE_STREAMING(Style.STREAMING, AnthropicModels::readEvent);

    final Style style;
    final GenAiStreams.ChunkReader reader;

    Kind(Style style, GenAiStreams.ChunkReader reader) {
      this.style = style;
      this.reader = reader;
    }
  }

  private final GenAiRecorder recorder;

  AnthropicTracker(GenAiRecorder recorder, InstrumentationErrors errors) {
    super(errors, INSTRUMENTATION, HANDLER);
    this.recorder = recorder;
  }

  static Kind kindOf(String origin) {
    if (origin == null) {
      return null;
    }
    boolean async;
    if (origin.startsWith(MESSAGES_BLOCKING + ".") || origin.startsWith(BETA_MESSAGES_BLOCKING + ".")) {
      async = false;
    } else if (origin.startsWith(MESSAGES_ASYNC + ".") || origin.startsWith(BETA_MESSAGES_ASYNC + ".")) {
      async = true;
    } else {
      return null;
    }
    if (origin.endsWith(".createStreaming")) {
      return Kind.CREATE_STREAMING;
    }
    return origin.endsWith(".create") ? (async ? Kind.CREATE_ASYNC : Kind.CREATE) : null;
  }

  @Override
  public Object enter(Object params, String origin) {
    try {
      Kind kind = kindOf(origin);
      if (kind == null) {
        return null;
      }
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, Names.GEN_AI_PROVIDER_ANTHROPIC,
          Getters.string(params, "model"), kind.style == Style.STREAMING);
      if (recorder.captureContent()) {
        call.inputContent(AnthropicModels.inputText(params));
      }
      return pending(call, kind.style, kind.reader);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }
}
