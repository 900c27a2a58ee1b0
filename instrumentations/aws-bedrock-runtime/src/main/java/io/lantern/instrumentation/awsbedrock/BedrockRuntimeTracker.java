package io.lantern.instrumentation.awsbedrock;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.genai.GenAiStreams;
import io.lantern.agent.genai.GenAiTracker;
import io.lantern.agent.genai.GenAiTracker.Style;
import io.lantern.bootstrap.Hooks;

/**
 * Measures Bedrock Runtime calls. A hooked method's entry starts a {@link GenAiCall} (operation
 * {@code chat}, provider {@code aws.bedrock}, the request's model id; nested in an outer AI call
 * when there is one, e.g. LangChain4j's or Spring AI's Bedrock module); the exit hook ({@link
 * GenAiTracker}'s) reads a blocking response, or ends an async call when its future completes. For
 * the two event-stream methods the SDK is also given, in place of the application's response
 * handler, a {@link BedrockStreamHandler} that reads every event on its way; their future (of
 * {@code Void}) ends the call with the stream's outcome.
 */
final class BedrockRuntimeTracker extends GenAiTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "aws-bedrock-runtime";
  /**
   * Entry and exit of every hooked method: at entry, argument the request, detail the origin
   * ({@code <declaring type>.<method>}, a constant of each woven method); at exit, returned what it
   * returned.
   */
  static final int CALL = 0;
  /**
   * Right after a stream method's {@link #CALL} entry: state what that returned, returned the
   * application's response handler; returns the handler the SDK is given instead.
   */
  static final int HANDLER = 1;
  static final String PACKAGE = "software.amazon.awssdk.services.bedrockruntime.";
  static final String SYNC_CLIENT = PACKAGE + "DefaultBedrockRuntimeClient";
  static final String ASYNC_CLIENT = PACKAGE + "DefaultBedrockRuntimeAsyncClient";
  static final String CONVERSE_STREAM_HANDLER = PACKAGE + "model.ConverseStreamResponseHandler";
  static final String INVOKE_STREAM_HANDLER = PACKAGE + "model.InvokeModelWithResponseStreamResponseHandler";

  /** What a hooked method is, so how its response or events read. */
  enum Kind {
    CONVERSE("converse", BedrockRuntimeModels::readConverse),
    INVOKE("invokeModel", BedrockRuntimeModels::readInvoke),
    CONVERSE_STREAM("converseStream", BedrockRuntimeModels::readConverseEvent),
    INVOKE_STREAM("invokeModelWithResponseStream", BedrockRuntimeModels::readInvokeChunk);

    private static final Kind[] KINDS = values();
    /** {@code .<method>}, how the origin of the method's advice ends. */
    final String suffix;
    final GenAiStreams.ChunkReader reader;

    Kind(String method, GenAiStreams.ChunkReader reader) {
      this.suffix = "." + method;
      this.reader = reader;
    }

    boolean streaming() {
      return this == CONVERSE_STREAM || this == INVOKE_STREAM;
    }

    /** The kind of the hooked method {@code origin} names, or null (by its end: nothing allocated per call). */
    static Kind of(String origin) {
      if (origin == null) {
        return null;
      }
      for (Kind kind : KINDS) {
        if (origin.endsWith(kind.suffix)) {
          return kind;
        }
      }
      return null;
    }
  }

  /**
   * One call between its method's entry and exit: the advice's state, and the reader of its
   * response or events (which also names the model that answered: Bedrock echoes none, so it is
   * the one requested, once a response or an event arrived).
   */
  static final class Bedrock implements GenAiStreams.ChunkReader {
    final GenAiCall call;
    final Kind kind;
    final Style style;
    final String model;
    /** The tool uses a ConverseStream has started so far (its events arrive one after another). */
    private volatile int toolUses;

    Bedrock(GenAiCall call, Kind kind, Style style, String model) {
      this.call = call;
      this.kind = kind;
      this.style = style;
      this.model = model;
    }

    @Override
    public void read(GenAiCall target, Object chunk) throws Throwable {
      target.responseModel(model);
      if (kind == Kind.CONVERSE_STREAM && BedrockRuntimeModels.startsToolUse(chunk)) {
        target.toolCalls(++toolUses);
        return;
      }
      kind.reader.read(target, chunk);
    }
  }

  private final GenAiRecorder recorder;

  BedrockRuntimeTracker(GenAiRecorder recorder, InstrumentationErrors errors) {
    super(errors, INSTRUMENTATION);
    this.recorder = recorder;
  }

  /** What a hooked method returns, from its origin: the sync client's a response, the async client's a future. */
  static Style styleOf(String origin) {
    return origin != null && origin.startsWith(ASYNC_CLIENT + ".") ? Style.ASYNC : Style.BLOCKING;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    return site == CALL ? start(argument, (String) detail) : null;
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (!(state instanceof Bedrock)) {
      return returned;
    }
    Bedrock bedrock = (Bedrock) state;
    if (site == HANDLER) {
      return BedrockStreamHandler.wrap(returned, bedrock.call, bedrock, errors);
    }
    if (site == CALL) {
      // a stream's future is of Void: it ends the call with the stream's outcome and reads nothing
      returned(bedrock.call, bedrock.style, returned, thrown, bedrock);
    }
    return returned;
  }

  private Object start(Object request, String origin) {
    try {
      Kind kind = Kind.of(origin);
      if (kind == null) {
        return null;
      }
      String model = BedrockRuntimeModels.modelOf(request);
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, Names.GEN_AI_PROVIDER_AWS_BEDROCK, model, kind.streaming());
      if (recorder.captureContent() && (kind == Kind.CONVERSE || kind == Kind.CONVERSE_STREAM)) {
        call.inputContent(BedrockRuntimeModels.inputText(request)); // InvokeModel's body is the model family's JSON: not read
      }
      return new Bedrock(call, kind, styleOf(origin), model);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }
}
