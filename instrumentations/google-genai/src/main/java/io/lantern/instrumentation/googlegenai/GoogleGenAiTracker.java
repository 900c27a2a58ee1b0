package io.lantern.instrumentation.googlegenai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.genai.GenAiTracker;
import io.lantern.agent.genai.GenAiTracker.Style;
import io.lantern.agent.genai.GenAiStreams;
import io.lantern.agent.util.Getters;
import io.lantern.bootstrap.Hooks;

/**
 * Measures google-genai {@code generateContent} calls. The method's entry starts a {@link
 * GenAiCall} ({@code generate_content}, provider {@code gcp.gemini}, or {@code gcp.vertex_ai} for a
 * client in Vertex AI mode; nested in an outer AI call when there is one); the exit hook
 * ({@link GenAiTracker}'s) reads what the method returned: a response is read, an async call ends when its
 * future completes, and a {@code ResponseStream} (or the future of one) is measured until its
 * iterator runs out or fails, or it is closed.
 */
final class GoogleGenAiTracker extends GenAiTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "google-genai";
  /**
   * Entry and exit of {@code generateContent} / {@code generateContentStream(model, contents,
   * config)}: at entry, self the instance's {@code ApiClient}, argument the model, detail the origin
   * ({@code <declaring type>.<method>}, a constant of each woven method); at exit, returned what it
   * returned.
   */
  static final int GENERATE = 0;
  /**
   * Right after {@link #GENERATE}'s entry: self the state it returned, argument the contents, detail
   * the config, read for the prompt (with capture on). A second hook rather than an array of five
   * values per call.
   */
  static final int PROMPT = 1;
  /** Exit of {@code ResponseStream.iterator()}: self the stream, returned the iterator; returns the one to hand out. */
  static final int ITERATOR = 2;
  /** Exit of {@code ResponseStream.close()}: self the stream. */
  static final int CLOSE = 3;
  static final String MODELS = "com.google.genai.Models";
  static final String ASYNC_MODELS = "com.google.genai.AsyncModels";
  static final String RESPONSE_STREAM = "com.google.genai.ResponseStream";
  /** A whole response and a streamed chunk are the same type, read alike. */
  static final GenAiStreams.ChunkReader READER = GoogleGenAiModels::readResponse;
  static final GenAiStreams.ChunkReader EMBED_READER = GoogleGenAiModels::readEmbedResponse;

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
    return origin.endsWith(".generateContent") || isEmbed(origin) ? (async ? Style.ASYNC : Style.BLOCKING) : null;
  }

  /** Whether the hooked method is {@code embedContent} (an {@code embeddings} call). */
  static boolean isEmbed(String origin) {
    return origin.endsWith(".embedContent");
  }

  /** {@code gcp.vertex_ai} for a client in Vertex AI mode, else {@code gcp.gemini} (the Gemini Developer API). */
  static String providerOf(Object apiClient) {
    return Getters.isTrue(apiClient, GoogleGenAiModels.VERTEX_AI) ? Names.GEN_AI_PROVIDER_VERTEX_AI : Names.GEN_AI_PROVIDER_GEMINI;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    if (site == GENERATE) {
      return start(self, argument, (String) detail);
    }
    if (site == PROMPT && self instanceof Pending && !((Pending) self).call().isEmbeddings()) { // embedded texts are not captured
      prompt(((Pending) self).call(), argument, detail);
    }
    return null;
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    switch (site) {
      case GENERATE:
        if (state != null) {
          exit(state, returned, thrown);
        }
        return returned;
      case ITERATOR:
        return returned == null ? null : iterator(self, returned);
      case CLOSE:
        closed(self);
        return returned;
      default:
        return returned;
    }
  }

  private Object start(Object apiClient, Object model, String origin) {
    try {
      Style style = styleOf(origin);
      if (style == null) {
        return null;
      }
      boolean embed = isEmbed(origin);
      GenAiCall call = recorder.start(embed ? Names.GEN_AI_OPERATION_EMBEDDINGS : Names.GEN_AI_OPERATION_GENERATE_CONTENT,
          providerOf(apiClient), model instanceof String ? (String) model : null,
          style == Style.STREAMING || style == Style.ASYNC_STREAMING);
      return pending(call, style, embed ? EMBED_READER : READER);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  private void prompt(GenAiCall call, Object contents, Object config) {
    try {
      if (recorder.captureContent()) {
        call.inputContent(GoogleGenAiModels.inputText(contents, config));
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }
}
