package io.lantern.agent.genai;

import io.lantern.agent.Names;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.JsonWriter;
import io.lantern.agent.operation.Operation;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One AI call in flight, started by {@link GenAiRecorder#start}. It is its own client span and its
 * own {@code gen_ai_call} event, so a call costs one object.
 *
 * <p>The setters may be called from any thread, any number of times, until {@link #end}; later
 * calls are ignored. Unknown stays unknown: a token count never set is reported as {@code null} in
 * the event and gives no token observation (never a guessed or zero count).
 *
 * <p>A <em>nested</em> call (see {@link GenAiRecorder}) is not a span of its own and records
 * nothing: its setters feed the outer call, {@link #end} and {@link #detach} do nothing.
 */
public final class GenAiCall extends Operation implements Event {
  private static final AtomicLongFieldUpdater<GenAiCall> FIRST_CHUNK =
      AtomicLongFieldUpdater.newUpdater(GenAiCall.class, "firstChunkNanos");
  static final String DEFAULT_USAGE_NOTE = "the response carried no token usage";
  static final int MAX_FINISH_REASONS = 16;

  private final GenAiRecorder recorder;
  /** The call this one feeds, or null for a call that records. */
  private final GenAiCall outer;
  private final String operation;
  private final boolean streaming;
  String tenant;
  private volatile String provider;
  private volatile String requestModel;
  private volatile String responseModel;
  private volatile long inputTokens = -1;
  private volatile long outputTokens = -1;
  private volatile long cacheReadTokens = -1;
  private volatile long cacheWriteTokens = -1;
  private volatile long reasoningTokens = -1;
  private volatile String usageNote;
  /** An error the library reported other than by throwing (see {@link #error}). */
  private volatile String reportedError;
  private volatile List<String> finishReasons = Collections.emptyList();
  private volatile long firstChunkNanos;
  private volatile int toolCalls;
  /** Attempts beyond the first inside the call (an SDK's retrying client); -1: not known for this library. */
  private volatile int retryCount = -1;
  private volatile String inputContent;
  private StringBuilder outputContent;

  // Written once by the end's listeners, read by the event writer thread after the queue hand-off.
  double costUsd = Double.NaN;
  private String capturedInput;
  private String capturedOutput;
  private boolean contentTruncated;

  GenAiCall(GenAiRecorder recorder, String operation, String provider, String requestModel, boolean streaming) {
    this(recorder, null, operation, provider, requestModel, streaming);
  }

  private GenAiCall(GenAiRecorder recorder, GenAiCall outer, String operation, String provider, String requestModel,
      boolean streaming) {
    this.recorder = recorder;
    this.outer = outer;
    this.operation = operation;
    this.provider = provider;
    this.requestModel = requestModel;
    this.streaming = streaming;
  }

  /** A call inside {@code outer}: hands provider and request model to it at once. */
  static GenAiCall nested(GenAiRecorder recorder, GenAiCall outer, String provider, String requestModel) {
    GenAiCall nested = new GenAiCall(recorder, outer, outer.operation, null, null, false); // the outer's operation, for isEmbeddings
    nested.provider(provider);
    nested.requestModel(requestModel);
    return nested;
  }

  /**
   * The unfinished AI call that is the current span on this thread, or null. A call started now
   * would be nested in it.
   */
  public static GenAiCall current() {
    LanternSpan span = Tracing.current();
    if (span instanceof GenAiCall) {
      GenAiCall call = (GenAiCall) span;
      return call.isEnded() ? null : call;
    }
    return null;
  }

  /**
   * The class name an exception is reported as in {@code error_type}: the cause of a {@link
   * CompletionException} or {@link ExecutionException} (what async APIs wrap the real failure in),
   * else the exception's own class.
   */
  public static String errorTypeOf(Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getName();
  }

  // ---------------------------------------------------------------- what the response said

  /** Whether this call feeds an outer one instead of recording. */
  public boolean isNested() {
    return outer != null;
  }

  /** True once {@link #end} ran (for a nested call: once its outer call ended). */
  @Override
  public boolean isEnded() {
    return outer != null ? outer.isEnded() : super.isEnded();
  }

  /**
   * The call what this one learns goes to: the outer call for a nested one, else itself; null once
   * that call ended (later reports are ignored).
   */
  private GenAiCall open() {
    GenAiCall target = outer != null ? outer : this;
    return target.isEnded() ? null : target;
  }

  /** The provider that answered; a nested call's provider replaces the outer call's. */
  public void provider(String value) {
    GenAiCall target = open();
    if (value != null && target != null) {
      target.provider = value;
    }
  }

  /** The model requested, when it was not known at start (never replaces a known one). */
  public void requestModel(String value) {
    GenAiCall target = open();
    if (value != null && !value.isEmpty() && target != null && target.requestModel == null) {
      target.requestModel = value;
    }
  }

  /** The model that answered, as the response names it. */
  public void responseModel(String value) {
    GenAiCall target = open();
    if (value != null && !value.isEmpty() && target != null) {
      target.responseModel = value;
    }
  }

  /**
   * The model that answered as a wrapping library names it, kept only when nothing underneath (a
   * nested SDK call, which read the provider's response) named one: LangChain4j fills an embedding
   * response's model name in from the request when its module gives none.
   */
  public void responseModelUnlessKnown(String value) {
    GenAiCall target = open();
    if (value != null && !value.isEmpty() && target != null && target.responseModel == null) {
      target.responseModel = value;
    }
  }

  /** How many tool calls the model asked for in the (last) response read; 0: none. */
  public void toolCalls(int count) {
    GenAiCall target = open();
    if (count >= 0 && target != null) {
      target.toolCalls = count;
    }
  }

  /**
   * The library's retries are seen (a Stainless SDK's retrying client): the event then has {@value
   * Names#RETRY_COUNT}, 0 until {@link #retried} says otherwise.
   */
  public void retriesCounted() {
    GenAiCall target = open();
    if (target != null && target.retryCount < 0) {
      target.retryCount = 0;
    }
  }

  /** The SDK is about to make attempt {@code retry + 1}: its {@code retry}-th retry (the highest one stays). */
  public void retried(int retry) {
    GenAiCall target = open();
    if (target != null && retry > target.retryCount) {
      target.retryCount = retry;
    }
  }

  /** The provider as known now (the outer call's, for a nested one). */
  String providerNow() {
    return outer != null ? outer.provider : provider;
  }

  /** One more tool call the model asks for, in a stream that announces them one by one (Anthropic's {@code tool_use} blocks). */
  public void addToolCall() {
    GenAiCall target = open();
    if (target != null) {
      target.toolCalls++; // a stream's chunks are read one at a time
    }
  }

  /** Input tokens as the provider reported them (for Anthropic: including cache read and creation). */
  public void inputTokens(long value) {
    GenAiCall target = open();
    if (value >= 0 && target != null) {
      target.inputTokens = value;
    }
  }

  /** Output tokens as the provider reported them. */
  public void outputTokens(long value) {
    GenAiCall target = open();
    if (value >= 0 && target != null) {
      target.outputTokens = value;
    }
  }

  /**
   * Of the input tokens, those read from the provider's prompt cache: already included in the
   * count given to {@link #inputTokens} (a module adds them first where the API reports them
   * beside it, as Anthropic's does).
   */
  public void cacheReadTokens(long value) {
    GenAiCall target = open();
    if (value >= 0 && target != null) {
      target.cacheReadTokens = value;
    }
  }

  /** Of the input tokens, those written to the provider's prompt cache (included in the input count). */
  public void cacheWriteTokens(long value) {
    GenAiCall target = open();
    if (value >= 0 && target != null) {
      target.cacheWriteTokens = value;
    }
  }

  /** Of the output tokens, those spent on reasoning or thinking (included in the output count). */
  public void reasoningTokens(long value) {
    GenAiCall target = open();
    if (value >= 0 && target != null) {
      target.reasoningTokens = value;
    }
  }

  /** Both counts; a negative one stays unknown. */
  public void usage(long input, long output) {
    inputTokens(input);
    outputTokens(output);
  }

  /**
   * Why the response has no token usage (e.g. "stream without stream_options.include_usage"), for
   * the event's {@value Names#GEN_AI_USAGE_NOTE}; only used when a count stays unknown.
   */
  public void usageNote(String note) {
    GenAiCall target = open();
    if (target != null) {
      target.usageNote = note;
    }
  }

  /** One finish reason (one per choice or candidate), as the provider names it. */
  public void finishReason(String reason) {
    GenAiCall target = open();
    if (reason == null || reason.isEmpty() || target == null) {
      return;
    }
    synchronized (target) {
      List<String> current = target.finishReasons;
      if (current.size() < MAX_FINISH_REASONS) {
        List<String> grown = new ArrayList<>(current.size() + 1);
        grown.addAll(current);
        grown.add(reason);
        target.finishReasons = grown;
      }
    }
  }

  /** Replaces the finish reasons (a final response that lists them all). */
  public void finishReasons(List<String> reasons) {
    GenAiCall target = open();
    if (reasons == null || target == null) {
      return;
    }
    List<String> copy = new ArrayList<>(Math.min(reasons.size(), MAX_FINISH_REASONS));
    for (String reason : reasons) {
      if (reason != null && copy.size() < MAX_FINISH_REASONS) {
        copy.add(reason);
      }
    }
    target.finishReasons = copy;
  }

  /** A chunk of a streamed response arrived; the first one fixes the time to first chunk. */
  public void chunk() {
    GenAiCall target = open();
    if (target != null && target.firstChunkNanos == 0) {
      FIRST_CHUNK.compareAndSet(target, 0, Math.max(1, System.nanoTime()));
    }
  }

  /**
   * The error the call ended with, when the library reports it other than by throwing into the
   * hook (an error event in a stream). The first one stays. A nested call's error is not the outer
   * call's (a retried request may still succeed).
   */
  public void error(String type) {
    if (outer == null && type != null && !isEnded() && reportedError == null) {
      reportedError = type;
    }
  }

  // ---------------------------------------------------------------- content (opt-in)

  /** Whether prompt and completion text are kept ({@code lantern.gen-ai.capture-content}): only then extract them. */
  public boolean capturesContent() {
    return recorder.captureContent;
  }

  /** The prompt text (the outermost layer's); kept (truncated) only with {@code lantern.gen-ai.capture-content=true}. */
  public void inputContent(String text) {
    GenAiCall target = open();
    if (recorder.captureContent && text != null && target != null && target.inputContent == null) {
      target.inputContent = text.length() > recorder.maxContentLength + 1 ? text.substring(0, recorder.maxContentLength + 1) : text;
    }
  }

  /** Appends completion text (a streamed delta, or the whole text); kept only with capture on. */
  public void outputContent(CharSequence text) {
    GenAiCall target = open();
    if (!recorder.captureContent || text == null || target == null) {
      return;
    }
    synchronized (target) {
      if (target.outputContent == null) {
        target.outputContent = new StringBuilder();
      }
      int room = recorder.maxContentLength + 1 - target.outputContent.length();
      if (room > 0) {
        target.outputContent.append(text, 0, Math.min(room, text.length()));
      }
    }
  }

  // ---------------------------------------------------------------- thread and end

  /**
   * Makes this call current on this thread again (a continuation on another thread), so calls
   * started there nest in it; undo with {@link #detach()} on the same thread. For a nested call,
   * attaches the outer one.
   */
  @Override
  public void attach() {
    if (outer != null) {
      outer.attach();
    } else if (!isAttached()) {
      super.attach();
    }
  }

  /**
   * Stops this call being the current span on this thread, putting back the span it replaced. Call
   * it on the thread that started or attached it, when the library method returns; the call may
   * still be in flight (async, streaming). A no-op for a nested call.
   */
  @Override
  public void detach() {
    if (outer == null) {
      super.detach();
    }
  }

  /**
   * Records the call: once, whichever thread calls first; later calls return false. A nested call
   * returns false and records nothing.
   *
   * @param thrown what the call failed with (its class becomes {@code error_type}), or null
   * @return true for the one caller that recorded
   */
  public boolean end(Throwable thrown) {
    return outer == null && recorder.instrumenter.end(this, thrown);
  }

  /** What it threw (unwrapped from async wrappers), else what the library reported, else null. */
  @Override
  protected String classifyError(Throwable thrown) {
    return thrown != null ? errorTypeOf(thrown) : reportedError;
  }

  /** The metrics of the ended call: duration, time to first chunk, tokens, cost. */
  void record(GenAiMetrics metrics, GenAiPrices prices) {
    String providerLabel = provider == null ? Names.OTHER : provider;
    String requestLabel = requestModel == null ? "" : requestModel;
    String responseLabel = responseModel == null ? "" : responseModel;
    long input = inputTokens;
    long output = outputTokens;
    boolean embeddings = isEmbeddings();
    GenAiPrices.Price price = input >= 0 && (output >= 0 || embeddings) ? prices.find(provider, responseModel, requestModel) : null;
    if (price != null) {
      costUsd = price.cost(input, embeddings && output < 0 ? 0 : output, cacheReadTokens, cacheWriteTokens);
    }
    int operationIndex = metrics.operationIndex(operation);
    int providerIndex = metrics.providerIndex(providerLabel);
    int errorIndex = metrics.errorTypeIndex(errorTypeLabel());
    metrics.recordDuration(operationIndex, providerIndex, requestLabel, responseLabel, errorIndex, durationNanos() / 1e9);
    long first = firstChunkNanos;
    if (streaming && first != 0) {
      metrics.recordTimeToFirstChunk(operationIndex, providerIndex, requestLabel, responseLabel, errorIndex,
          (first - startNanos()) / 1e9);
    }
    metrics.recordUsage(operationIndex, providerIndex, requestLabel, responseLabel, input, output, cacheReadTokens,
        cacheWriteTokens, reasoningTokens);
    if (price != null) {
      metrics.addCost(providerIndex, requestLabel, costUsd, price.cachedCost(cacheReadTokens));
    }
  }

  /** An embeddings call has input tokens only: its unknown output count is not a missing usage. */
  public boolean isEmbeddings() {
    return Names.GEN_AI_OPERATION_EMBEDDINGS.equals(operation);
  }

  /** Whether the usage the provider reported is incomplete (for embeddings: no input count). */
  private boolean usageMissing() {
    return inputTokens < 0 || (outputTokens < 0 && !isEmbeddings());
  }

  /** Semantic-convention attributes, for an exported span only. */
  void describeSpan() {
    if (!isRecording()) {
      return;
    }
    long input = inputTokens;
    long output = outputTokens;
    setAttribute(Names.SPAN_GEN_AI_OPERATION_NAME, operation);
    setAttribute(Names.SPAN_GEN_AI_PROVIDER_NAME, provider == null ? Names.OTHER : provider);
    setAttribute(Names.SPAN_GEN_AI_REQUEST_MODEL, requestModel);
    setAttribute(Names.SPAN_GEN_AI_RESPONSE_MODEL, responseModel);
    if (input >= 0) {
      setAttribute(Names.SPAN_GEN_AI_USAGE_INPUT_TOKENS, input);
    }
    if (output >= 0) {
      setAttribute(Names.SPAN_GEN_AI_USAGE_OUTPUT_TOKENS, output);
    }
    if (cacheReadTokens >= 0) {
      setAttribute(Names.SPAN_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, cacheReadTokens);
    }
    GenAiSemconv semconv = recorder.semconv;
    if (cacheWriteTokens >= 0) {
      setAttribute(semconv.cacheWriteSpanAttribute(), cacheWriteTokens);
    }
    long first = firstChunkNanos;
    if (semconv == GenAiSemconv.LATEST && streaming && first != 0) {
      setAttribute(Names.SPAN_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, (first - startNanos()) / 1e9);
    }
    if (reasoningTokens >= 0) {
      setAttribute(Names.SPAN_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, reasoningTokens);
    }
    if (!finishReasons.isEmpty()) {
      setAttribute(Names.SPAN_GEN_AI_RESPONSE_FINISH_REASONS, String.join(",", finishReasons));
    }
    setError(errorTypeLabel());
  }

  /** Fixes the captured (opt-in) content for the event before it is handed to the writer. */
  void snapshotContent() {
    int max = recorder.maxContentLength;
    String in = inputContent;
    if (in != null) {
      contentTruncated = in.length() > max;
      capturedInput = contentTruncated ? in.substring(0, max) : in;
    }
    synchronized (this) {
      if (outputContent != null) {
        boolean cut = outputContent.length() > max;
        contentTruncated |= cut;
        capturedOutput = cut ? outputContent.substring(0, max) : outputContent.toString();
      }
    }
  }

  // ---------------------------------------------------------------- the gen_ai_call event

  @Override
  public String name() {
    return Names.EVENT_GEN_AI_CALL;
  }

  @Override
  public String message() {
    StringBuilder m = new StringBuilder(64).append(operation).append(' ')
        .append(requestModel == null ? "(model unknown)" : requestModel).append(" on ")
        .append(provider == null ? Names.OTHER : provider);
    if (errorTypeLabel() != null) {
      m.append(" failed: ").append(errorTypeLabel());
    } else if (usageMissing()) {
      m.append(": no token usage reported");
    } else if (outputTokens < 0) {
      m.append(": ").append(inputTokens).append(" in");
    } else {
      m.append(": ").append(inputTokens).append(" in, ").append(outputTokens).append(" out");
    }
    return m.toString();
  }

  @Override
  public void writeFields(JsonWriter out) {
    out.field(Names.GEN_AI_PROVIDER_NAME, provider == null ? Names.OTHER : provider)
        .field(Names.GEN_AI_OPERATION_NAME, operation);
    nullable(out, Names.GEN_AI_REQUEST_MODEL, requestModel);
    nullable(out, Names.GEN_AI_RESPONSE_MODEL, responseModel);
    tokens(out, Names.GEN_AI_USAGE_INPUT_TOKENS, inputTokens);
    tokens(out, Names.GEN_AI_USAGE_OUTPUT_TOKENS, outputTokens);
    known(out, Names.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, cacheReadTokens);
    known(out, Names.GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS, cacheWriteTokens);
    known(out, Names.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, reasoningTokens);
    if (usageMissing()) {
      out.field(Names.GEN_AI_USAGE_NOTE, usageNote == null ? DEFAULT_USAGE_NOTE : usageNote);
    }
    out.field(Names.DURATION_MS, durationNanos() / 1e6);
    long first = firstChunkNanos;
    if (streaming && first != 0) {
      out.field(Names.TIME_TO_FIRST_CHUNK_MS, (first - startNanos()) / 1e6);
    }
    if (!finishReasons.isEmpty()) {
      out.field(Names.GEN_AI_RESPONSE_FINISH_REASONS, finishReasons);
    }
    if (toolCalls > 0) {
      out.field(Names.GEN_AI_RESPONSE_TOOL_CALLS, toolCalls);
    }
    if (retryCount >= 0) {
      out.field(Names.RETRY_COUNT, retryCount);
    }
    out.field(Names.COST_USD, costUsd)
        .field(Names.ERROR_TYPE, errorTypeLabel())
        .field(Names.TENANT, tenant)
        .field(Names.GEN_AI_INPUT_MESSAGES, capturedInput)
        .field(Names.GEN_AI_OUTPUT_MESSAGES, capturedOutput);
    if (contentTruncated) {
      out.field(Names.GEN_AI_CONTENT_TRUNCATED, true);
    }
  }

  private static void nullable(JsonWriter out, String name, String value) {
    if (value == null) {
      out.nullField(name);
    } else {
      out.field(name, value);
    }
  }

  private static void tokens(JsonWriter out, String name, long value) {
    if (value < 0) {
      out.nullField(name);
    } else {
      out.field(name, value);
    }
  }

  /** A detail count the provider may not report: written only when it did. */
  private static void known(JsonWriter out, String name, long value) {
    if (value >= 0) {
      out.field(name, value);
    }
  }

  @Override
  public String toString() {
    return "GenAiCall{" + operation + ' ' + provider + ' ' + requestModel + (outer != null ? " nested" : "")
        + (isEnded() ? " ended" : "") + '}';
  }
}
