package io.lantern.instrumentation.okhttp;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.http.HttpClientGetter;
import io.lantern.agent.http.HttpClientInstrumenter;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.agent.http.HttpRequestCopier;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.Hooks;

/**
 * OkHttp calls, synchronous ({@code execute()}) and asynchronous ({@code enqueue()}): both run
 * {@code getResponseWithInterceptorChain()} exactly once per call, on the caller's thread or on a
 * dispatcher thread, and that run is the recorded call: from the first interceptor to the response
 * (headers read; the body is the application's to stream), retries and redirects included.
 *
 * <p>An enqueued call's parent is the span current when {@code enqueue()} was called, kept in a
 * weak identity map until the dispatcher runs the call. The trace context is added to the request
 * the chain starts with (see {@link ProceedAdvice}), so the application's interceptors see it too.
 * OkHttp's objects are read through {@link OkHttpApi}; the flow is core's.
 */
final class OkHttpTracker implements Hooks.Handler, HttpRequestCopier<Object> {
  static final String INSTRUMENTATION = "okhttp";
  /** Enter of {@code RealCall.enqueue(callback)}: self the call. */
  static final int ENQUEUE = 0;
  /** {@code RealCall.getResponseWithInterceptorChain()}: self the call; exit returned the response. */
  static final int CALL = 1;
  /** Enter of the first {@code RealInterceptorChain.proceed(request)}: argument the request; returns the request to proceed with. */
  static final int REQUEST = 2;

  private final InstrumentationErrors errors;
  private final HttpClientInstrumenter<Object, Object> client;
  private final HttpClientRecorder recorder;
  private final WeakIdentityMap<Object, Object> enqueuedParents = new WeakIdentityMap<>();

  OkHttpTracker(HttpClientRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
    this.client = recorder.instrumenter(INSTRUMENTATION, HttpClientGetter.byClass(OkHttpApi.BY_CLASS));
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    if (site == REQUEST) {
      return client.withContext(argument, this);
    }
    if (site == ENQUEUE) {
      enqueue(self);
      return null;
    }
    return call(self);
  }

  @Override
  public Object exit(int site, Object state, Object self, Object response, Throwable thrown) {
    if (state != null) {
      client.exit(state, response, thrown);
    }
    return response;
  }

  private void enqueue(Object call) {
    try {
      Object parent = recorder.captureContext();
      if (parent != null) {
        enqueuedParents.put(call, parent);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /** The hook state of a call's run; null (its exit does nothing) when its request cannot be read. */
  private Object call(Object call) {
    Object parent;
    Object request;
    try {
      parent = enqueuedParents.remove(call);
      request = OkHttpApi.of(call).callRequest(call);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
    return client.enter(request, null, parent);
  }

  /** {@code Request} is immutable: a copy with the headers, unless it already carries this {@code traceparent}. */
  @Override
  public Object withContext(Object request, String traceparent, String tracestate) throws Throwable {
    OkHttpApi api = OkHttpApi.of(request);
    if (traceparent.equals(api.header(request, Names.TRACEPARENT))) {
      return request;
    }
    return api.withHeaders(request, Names.TRACEPARENT, traceparent, Names.TRACESTATE, tracestate);
  }
}
