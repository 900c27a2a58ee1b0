package io.lantern.agent.method;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.operation.EventListener;
import io.lantern.agent.operation.Instrumenter;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;

/**
 * The application-method domain: a call starts as a span (INTERNAL unless the method's annotation
 * says otherwise), a child of the current one, and ends with the duration histogram, the span's
 * attributes and, at or over the slow threshold, the {@code method_call} event. A call whose
 * result is asynchronous ends when that result completes, from whatever thread.
 */
public final class MethodRecorder {
  static final String DOMAIN = "methods";

  private final Instrumenter<MethodCall> instrumenter;

  /** @param slowNanos {@code lantern.methods.slow-threshold-ms} in nanoseconds; {@link Long#MAX_VALUE}: no event */
  public MethodRecorder(MethodMetrics metrics, Tracing tracing, EventLog events, InstrumentationErrors errors,
      long slowNanos) {
    EventListener<MethodCall> slowEvent = new EventListener<>(events);
    this.instrumenter = Instrumenter.<MethodCall>builder(DOMAIN, tracing, errors)
        .listener(call -> metrics.recordDuration(call.label, call.errorTypeLabel(), call.durationNanos() / 1e9))
        .listener(MethodRecorder::describeSpan)
        .listener(call -> {
          if (call.durationNanos() >= slowNanos) {
            slowEvent.onEnd(call);
          }
        })
        .build();
  }

  /** Starts the call as a child of the current span and makes it current on this thread. */
  public MethodCall start(MethodCall call, LanternSpan.Kind kind, String spanName) {
    return instrumenter.start(call, kind, spanName);
  }

  /** Ends the call (the method returned or threw) and puts back what was current before it; on the starting thread. */
  public void end(MethodCall call, Throwable thrown) {
    try {
      instrumenter.end(call, thrown);
    } finally {
      instrumenter.detach(call);
    }
  }

  /** On the starting thread, when the method returned a result still running: it is no longer current here. */
  public void detach(MethodCall call) {
    instrumenter.detach(call);
  }

  /** Ends a detached call when its result completes, on any thread; only the first end counts. */
  public void complete(MethodCall call, Throwable thrown) {
    instrumenter.end(call, thrown);
  }

  private static void describeSpan(MethodCall call) {
    if (!call.isRecording()) {
      return;
    }
    call.setAttribute(Names.SPAN_CODE_FUNCTION_NAME, call.functionName);
    call.setError(call.errorTypeLabel());
  }
}
