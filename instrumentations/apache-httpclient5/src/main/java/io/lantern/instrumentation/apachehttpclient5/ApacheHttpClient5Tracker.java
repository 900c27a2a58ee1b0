package io.lantern.instrumentation.apachehttpclient5;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.http.ClientCall;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.bootstrap.apachehttpclient5.ApacheHttpClient5Hooks;

/**
 * Apache HttpClient 5 classic: every {@code CloseableHttpClient.execute} variant runs
 * {@code doExecute(target, request, context)} once, which returns when the response head is read
 * (redirects and retries inside). The request is mutable: {@code traceparent}/{@code tracestate}
 * are set on it as headers.
 */
final class ApacheHttpClient5Tracker implements ApacheHttpClient5Hooks.Handler {
  static final String INSTRUMENTATION = "apache-httpclient5";

  private static final HttpClientRecorder.StatusReader STATUS = response -> ApacheApi.of(response).code(response);

  private final HttpClientRecorder recorder;
  private final InstrumentationErrors errors;

  ApacheHttpClient5Tracker(HttpClientRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
  }

  @Override
  public Object enter(Object target, Object request) {
    boolean outermost = recorder.enter();
    try {
      ApacheApi api = ApacheApi.of(request);
      Object state = CallDepth.NOT_RECORDING;
      if (outermost) {
        ClientCall call = recorder.start(api.method(request), api.host(target, request), api.port(target, request), null);
        if (call.isRecording()) {
          recorder.setUrl(call, api.uri(request));
        }
        state = call;
      }
      // Nested in another client's call, the request still carries the (outer call's) context.
      String traceparent = recorder.traceparent();
      if (traceparent != null) {
        api.setHeader(request, Names.TRACEPARENT, traceparent);
        String tracestate = recorder.tracestate();
        if (tracestate != null) {
          api.setHeader(request, Names.TRACESTATE, tracestate);
        }
      }
      return state;
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return CallDepth.NOT_RECORDING;
    }
  }

  @Override
  public void exit(Object state, Object response, Throwable thrown) {
    recorder.exitAndEnd(INSTRUMENTATION, state, response, STATUS, thrown);
  }
}
