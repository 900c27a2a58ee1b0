package io.lantern.instrumentation.jdkhttpclient;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.http.ClientCall;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.bootstrap.jdkhttpclient.JdkHttpClientHooks;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;

/**
 * {@code java.net.http.HttpClient}: {@code send} records when it returns or throws;
 * {@code sendAsync} when the future it returned completes, whichever way, once. A sync send runs
 * the async path inside; that and anything else nested is not recorded again.
 *
 * <p>The request is immutable, so the trace context is not added to it: the client copies the
 * request's headers (through {@code headers()}) into its own request object on the calling thread
 * when the call starts, and while a call is in progress on this thread that copy gets
 * {@code traceparent} (and {@code tracestate}) of the current span, the call's own. The
 * application's request object is left as it was.
 */
final class JdkHttpClientTracker implements JdkHttpClientHooks.Handler {
  static final String INSTRUMENTATION = "java-http-client";
  private static final BiPredicate<String, String> ALL = (name, value) -> true;

  private final HttpClientRecorder recorder;
  private final InstrumentationErrors errors;

  JdkHttpClientTracker(HttpClientRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
  }

  @Override
  public Object enter(Object requestObject) {
    if (!recorder.enter()) {
      return CallDepth.NOT_RECORDING;
    }
    try {
      HttpRequest request = (HttpRequest) requestObject;
      URI uri = request.uri();
      return recorder.start(request.method(), uri.getHost(), port(uri), uri);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return CallDepth.NOT_RECORDING;
    }
  }

  @Override
  public void exit(Object state, Object result, Throwable thrown) {
    if (thrown != null || !(result instanceof CompletableFuture)) {
      recorder.exitAndEnd(INSTRUMENTATION, state, result, JdkHttpClientTracker::status, thrown);
      return;
    }
    recorder.exit();
    if (!(state instanceof ClientCall)) {
      return;
    }
    ClientCall call = (ClientCall) state;
    recorder.detach(call);
    try {
      // A dependent stage of the application's future: it sees the same outcome and changes nothing.
      ((CompletableFuture<?>) result).whenComplete((response, failure) -> completed(call, response, failure));
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  private void completed(ClientCall call, Object response, Throwable failure) {
    try {
      recorder.end(call, status(response), failure == null ? null : HttpClientRecorder.unwrapAsync(failure));
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  private static int status(Object response) {
    return response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : 0;
  }

  @Override
  public Object headers(Object headers) {
    if (!recorder.inCall()) {
      return headers;
    }
    try {
      String traceparent = recorder.traceparent();
      if (traceparent == null || !(headers instanceof HttpHeaders)) {
        return headers;
      }
      Map<String, List<String>> withContext = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      withContext.putAll(((HttpHeaders) headers).map());
      withContext.put(Names.TRACEPARENT, List.of(traceparent));
      String tracestate = recorder.tracestate();
      if (tracestate != null) {
        withContext.put(Names.TRACESTATE, List.of(tracestate));
      }
      return HttpHeaders.of(withContext, ALL);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return headers;
    }
  }

  static int port(URI uri) {
    int port = uri.getPort();
    if (port >= 0) {
      return port;
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
