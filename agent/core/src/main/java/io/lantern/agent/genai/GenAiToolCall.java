package io.lantern.agent.genai;

import io.lantern.agent.Names;
import io.lantern.agent.operation.Operation;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;

/**
 * One tool the model asked for, run by the application's AI library (LangChain4j AI Services, Spring
 * AI tool calling): an INTERNAL span {@code execute_tool <name>} and one observation of {@code
 * lantern_gen_ai_tool_duration_seconds}. Started by {@link GenAiRecorder#startTool}. Neither the
 * arguments nor the result are read.
 */
public final class GenAiToolCall extends Operation {
  private final GenAiRecorder recorder;
  final String name;
  private final String callId;
  /** What it was started for (a callback object), so that a layer of the same tool run does not start another. */
  private final Object key;
  /** The tool's exception class when the library caught it and turned it into an error result. */
  private volatile String reportedError;

  GenAiToolCall(GenAiRecorder recorder, String name, String callId, Object key) {
    this.recorder = recorder;
    this.name = name;
    this.callId = callId;
    this.key = key;
  }

  /** The unfinished tool run that is the current span on this thread, or null. */
  public static GenAiToolCall current() {
    LanternSpan span = Tracing.current();
    return span instanceof GenAiToolCall && !((GenAiToolCall) span).isEnded() ? (GenAiToolCall) span : null;
  }

  boolean isFor(Object other) {
    return key != null && key == other;
  }

  /** The tool threw and the library caught it: its class is the {@code error_type} (the first one reported stays). */
  public void toolFailed(Throwable toolException) {
    if (toolException != null && reportedError == null) {
      reportedError = GenAiCall.errorTypeOf(toolException);
    }
  }

  /** Ends it once, with what the library threw (or null); a reported tool failure wins over it. */
  public void end(Throwable thrown) {
    recorder.tools.end(this, thrown);
  }

  /** On the thread that started it, always. */
  @Override
  public void detach() {
    super.detach();
  }

  @Override
  protected String classifyError(Throwable thrown) {
    String reported = reportedError;
    return reported != null ? reported : thrown == null ? null : GenAiCall.errorTypeOf(thrown);
  }

  void describeSpan() {
    setError(errorTypeLabel());
    if (isRecording()) {
      setAttribute(Names.SPAN_GEN_AI_OPERATION_NAME, Names.GEN_AI_OPERATION_EXECUTE_TOOL);
      setAttribute(Names.SPAN_GEN_AI_TOOL_NAME, name);
      if (callId != null) {
        setAttribute(Names.SPAN_GEN_AI_TOOL_CALL_ID, callId);
      }
    }
  }
}
