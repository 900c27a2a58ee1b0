package io.lantern.instrumentation.apachehttpclient5;

import io.lantern.agent.http.HttpClientGetter;
import io.lantern.agent.http.HttpClientInstrumenter;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.bootstrap.Hooks;

/**
 * Apache HttpClient 5 classic: every {@code CloseableHttpClient.execute} variant runs
 * {@code doExecute(target, request, context)} once, which returns when the response head is read
 * (redirects and retries inside). The request is mutable: {@code traceparent}/{@code tracestate}
 * are set on it as headers, also when the call is nested in another client's (then the outer
 * call's context). HttpCore's objects are read through {@link ApacheApi}; the flow is core's.
 */
final class ApacheHttpClient5Tracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "apache-httpclient5";
  /** {@code doExecute(target, request, context)}: enter argument the request, detail the target (may be null); exit returned the response. */
  static final int EXECUTE = 0;

  private final HttpClientInstrumenter<Object, Object> client;

  ApacheHttpClient5Tracker(HttpClientRecorder recorder) {
    this.client = recorder.instrumenter(INSTRUMENTATION, HttpClientGetter.byClass(ApacheApi.BY_CLASS));
  }

  @Override
  public Object enter(int site, Object self, Object request, Object target) {
    if (request == null) {
      return null; // nothing to record or to carry the context: the exit does nothing
    }
    Object state = client.enter(request, target, null);
    client.inject(ApacheApi.HEADERS, request);
    return state;
  }

  @Override
  public Object exit(int site, Object state, Object self, Object response, Throwable thrown) {
    if (state != null) {
      client.exit(state, response, thrown);
    }
    return response;
  }
}
