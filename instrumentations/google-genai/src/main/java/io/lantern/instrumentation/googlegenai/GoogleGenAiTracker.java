package io.lantern.instrumentation.googlegenai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.genai.GenAiTracker;
import io.lantern.agent.genai.GenAiTracker.Style;
import io.lantern.agent.genai.GenAiStreams;
import io.lantern.agent.util.Getters;
import io.lantern.bootstrap.googlegenai.GoogleGenAiHooks;

/**
 * Measures google-genai {@code generateContent} calls. The method's entry starts a {@link
 * GenAiCall} ({@code generate_content}, provider {@code gcp.gemini}, or {@code gcp.vertex_ai} for a
 * client in Vertex AI mode; nested in an outer AI call when there is one); the exit hook
 * ({@link GenAiTracker}'s) reads what the method returned: a response is read, an async call ends when its
 * future completes, and a {@code ResponseStream} (or the future of one) is measured until its
 * iterator runs out or fails, or it is closed.
 */
final class GoogleGenAiTracker extends GenAiTracker implements GoogleGenAiHooks.Handler {
  static final String INSTRUMENTATION = "google-genai";
  static final String MODELS = "com.google.genai.Models";
  static final String ASYNC_MODELS = "com.google.genai.AsyncModels";
  static final String RESPONSE_STREAM = "com.google.genai.ResponseStream";
  /** A whole response and a streamed chunk are the same type, read alike. */
  static final GenAiStreams.ChunkReader READER = GoogleGenAiModels::readResponse;

  private final GenAiRecorder recorder;

  GoogleGenAiTracker(GenAiRecorder recorder, InstrumentationErrors errors) {
    super(errors, INSTRUMENTATION);
    this.recorder = recorder;
  }

  /** What a hooked method returns, from its origin; null for any other method. */
  static Style styleOf(String origin) {
    if (origin == null) {
      return null;
    }
    boolean async;
    if (origin.startsWith(MODELS + ".")) {
      async = false;
    } else if (origin.startsWith(ASYNC_MODELS + ".")) {
      async = true;
    } else {
      return null;
    }
    if (origin.endsWith(".generateContentStream")) {
      return async ? Style.ASYNC_STREAMING : Style.STREAMING;
    }
    return origin.endsWith(".generateContent") ? (async ? Style.ASYNC : Style.BLOCKING) : null;
  }

  /** {@code gcp.vertex_ai} for a client in Vertex AI mode, else {@code gcp.gemini} (the Gemini Developer API). */
  static String providerOf(Object apiClient) {
    return Getters.isTrue(apiClient, "vertexAI") ? Names.GEN_AI_PROVIDER_VERTEX_AI : Names.GEN_AI_PROVIDER_GEMINI;
  }

  @Override
  public Object enter(Object apiClient, Object model, Object contents, Object config, String origin) {
    try {
      Style style = styleOf(origin);
      if (style == null) {
        return null;
      }
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_GENERATE_CONTENT, providerOf(apiClient),
          model instanceof String ? (String) model : null, style == Style.STREAMING || style == Style.ASYNC_STREAMING);
      if (recorder.captureContent()) {
        call.inputContent(GoogleGenAiModels.inputText(contents, config));
      }
      return pending(call, style, READER);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }
}
