package io.lantern.agent.genai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.operation.EventListener;
import io.lantern.agent.operation.Instrumenter;
import io.lantern.agent.operation.RequestOperation;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;

/**
 * What every AI-client instrumentation does with a call, whatever the library: {@link #start} a
 * {@link GenAiCall}, tell it what the response said, {@link GenAiCall#end} it once. Ending records
 * {@code gen_ai_client_operation_duration_seconds}, the token histograms, the time to first chunk
 * (streaming calls), the cost (when a price is known), the {@code gen_ai_call} event and the
 * client span.
 *
 * <p><b>Nesting.</b> One user-level call is one operation: when a call starts while another
 * unfinished AI call is the current span on the thread (Spring AI over openai-java, LangChain4j
 * over its provider module, or an SDK's own layers), {@link #start} returns a <em>nested</em> call
 * that records nothing itself and hands what it learns (provider, models, tokens, finish reasons,
 * first chunk) to the outer one. An instrumentation treats both alike; {@link
 * GenAiCall#isNested()} tells them apart. Work that continues on another thread (a reactive
 * stream) makes the outer call current there with {@link GenAiCall#attach()} / {@link
 * GenAiCall#detach()} (or {@link Tracing#makeCurrent}) so the library it calls nests.
 *
 * <p>Typical blocking use in a hook handler:
 *
 * <pre>{@code
 * GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, Names.GEN_AI_PROVIDER_OPENAI, model, false);
 * ... the library runs (call is the current span) ...
 * call.responseModel(m); call.usage(in, out); call.finishReason("stop");
 * call.end(thrown);   // records (a nested call does not)
 * call.detach();      // on the starting thread, always
 * }</pre>
 *
 * For async and streaming calls, {@code detach()} when the library method returns and {@code
 * end(...)} when the future completes or the stream is exhausted, closed or fails, from whatever
 * thread; {@code end} records exactly once however many times and threads call it.
 */
public final class GenAiRecorder {
  static final String DOMAIN = "gen-ai";

  final boolean captureContent;
  /** The names the metrics and spans use (the metrics' choice, fixed at start). */
  final GenAiSemconv semconv;
  final int maxContentLength;
  final Instrumenter<GenAiCall> instrumenter;
  /** Tool runs: {@code execute_tool} spans and {@code lantern_gen_ai_tool_duration_seconds}. */
  final Instrumenter<GenAiToolCall> tools;

  /**
   * @param captureContent {@code lantern.gen-ai.capture-content}
   * @param maxContentLength {@code lantern.gen-ai.capture-content.max-length}
   */
  public GenAiRecorder(GenAiMetrics metrics, Tracing tracing, EventLog events, InstrumentationErrors errors,
      GenAiPrices prices, boolean captureContent, int maxContentLength) {
    this.captureContent = captureContent;
    this.semconv = metrics.semconv();
    this.maxContentLength = maxContentLength;
    this.instrumenter = Instrumenter.<GenAiCall>builder(DOMAIN, tracing, errors)
        .listener(call -> call.record(metrics, prices))
        .listener(GenAiCall::describeSpan)
        .listener(GenAiCall::snapshotContent)
        .listener(new EventListener<>(events))
        .build();
    this.tools = Instrumenter.<GenAiToolCall>builder(DOMAIN, tracing, errors)
        .listener(tool -> metrics.recordToolDuration(tool.name, tool.errorTypeLabel(), tool.durationNanos() / 1e9))
        .listener(GenAiToolCall::describeSpan)
        .build();
  }

  /**
   * Starts a tool run as an INTERNAL span {@code execute_tool <name>}, a child of the current span,
   * and makes it current until {@link GenAiToolCall#detach()}; {@link GenAiToolCall#end} records its
   * duration. Returns null when a run for the same {@code key} is already current (a library layer
   * calling another of the same tool: one run).
   *
   * @param name the tool's name as the model was told it (an app-defined label, bounded by the series cap)
   * @param callId the model's id for this tool call, or null when the library does not hand it over
   * @param key what the run is for (the callback object), or null
   */
  public GenAiToolCall startTool(String name, String callId, Object key) {
    GenAiToolCall current = GenAiToolCall.current();
    if (current != null && current.isFor(key)) {
      return null;
    }
    String label = name == null || name.isEmpty() ? Names.OTHER : name;
    return tools.start(new GenAiToolCall(this, label, callId, key), LanternSpan.Kind.INTERNAL,
        Names.GEN_AI_OPERATION_EXECUTE_TOOL + " " + label);
  }

  /**
   * Starts a call on this thread and makes it the current span until {@link GenAiCall#detach()};
   * or, when an unfinished AI call is current, returns a nested call feeding that one.
   *
   * @param operation {@code gen_ai_operation_name}, e.g. {@link Names#GEN_AI_OPERATION_CHAT}
   * @param provider {@code gen_ai_provider_name} ({@code openai}, {@code anthropic}, {@code
   *     gcp.gemini}, ...), or null when only a nested call will know it
   * @param requestModel the model the request asked for, or null when not known (yet)
   * @param streaming whether the response comes in chunks (then the time to first chunk is recorded)
   */
  public GenAiCall start(String operation, String provider, String requestModel, boolean streaming) {
    GenAiCall outer = GenAiCall.current();
    if (outer != null) {
      return GenAiCall.nested(this, outer, provider, requestModel);
    }
    GenAiCall call = new GenAiCall(this, operation, provider, requestModel, streaming);
    RequestOperation request = RequestOperation.current();
    call.tenant = request == null ? null : request.tenant();
    return instrumenter.start(call, LanternSpan.Kind.CLIENT,
        requestModel == null ? operation : operation + " " + requestModel);
  }

  /** {@code lantern.gen-ai.capture-content}: only then is it worth extracting prompt and completion text. */
  public boolean captureContent() {
    return captureContent;
  }
}
