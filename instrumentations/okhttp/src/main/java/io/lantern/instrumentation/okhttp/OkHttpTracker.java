package io.lantern.instrumentation.okhttp;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.http.ClientCall;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.okhttp.OkHttpHooks;

/**
 * OkHttp calls, synchronous ({@code execute()}) and asynchronous ({@code enqueue()}): both run
 * {@code getResponseWithInterceptorChain()} exactly once per call, on the caller's thread or on a
 * dispatcher thread, and that run is the recorded call: from the first interceptor to the response
 * (headers read; the body is the application's to stream), retries and redirects included.
 *
 * <p>An enqueued call's parent is the span current when {@code enqueue()} was called, kept in a
 * weak identity map until the dispatcher runs the call. The trace context is added to the request
 * the chain starts with (see {@link ProceedAdvice}), so the application's interceptors see it too.
 */
final class OkHttpTracker implements OkHttpHooks.Handler {
  static final String INSTRUMENTATION = "okhttp";

  private static final HttpClientRecorder.StatusReader STATUS = response -> OkHttpApi.of(response).code(response);

  private final HttpClientRecorder recorder;
  private final InstrumentationErrors errors;
  private final WeakIdentityMap<Object, Object> enqueuedParents = new WeakIdentityMap<>();

  OkHttpTracker(HttpClientRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
  }

  @Override
  public void enqueue(Object call) {
    try {
      Object parent = recorder.captureContext();
      if (parent != null) {
        enqueuedParents.put(call, parent);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  @Override
  public Object enter(Object call) {
    if (!recorder.enter()) {
      return CallDepth.NOT_RECORDING;
    }
    try {
      Object parent = enqueuedParents.remove(call);
      OkHttpApi api = OkHttpApi.of(call);
      Object request = api.callRequest(call);
      Object url = api.url(request);
      return recorder.start(api.method(request), api.host(url), api.port(url), url, parent);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return CallDepth.NOT_RECORDING;
    }
  }

  @Override
  public void exit(Object state, Object response, Throwable thrown) {
    recorder.exitAndEnd(INSTRUMENTATION, state, response, STATUS, thrown);
  }

  @Override
  public Object request(Object request) {
    if (request == null || !recorder.inCall()) {
      return request;
    }
    try {
      String traceparent = recorder.traceparent();
      if (traceparent == null) {
        return request;
      }
      OkHttpApi api = OkHttpApi.of(request);
      if (traceparent.equals(api.header(request, Names.TRACEPARENT))) {
        return request;
      }
      return api.withHeaders(request, Names.TRACEPARENT, traceparent, Names.TRACESTATE, recorder.tracestate());
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return request;
    }
  }
}
