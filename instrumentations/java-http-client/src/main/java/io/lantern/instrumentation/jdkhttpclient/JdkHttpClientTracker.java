package io.lantern.instrumentation.jdkhttpclient;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.http.ClientCall;
import io.lantern.agent.http.HttpClientGetter;
import io.lantern.agent.http.HttpClientInstrumenter;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.agent.http.HttpRequestCopier;
import io.lantern.bootstrap.Hooks;
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
 * application's request object is left as it was. This class only reads the JDK's objects; the
 * flow is core's.
 */
final class JdkHttpClientTracker
    implements Hooks.Handler, HttpClientGetter<HttpRequest, Object>, HttpRequestCopier<Object> {
  static final String INSTRUMENTATION = "java-http-client";
  /** {@code send(request, handler)} and {@code sendAsync(request, handler, pushHandler)}: enter argument the request; exit returned the response or its future. */
  static final int SEND = 0;
  /** Exit of {@code ImmutableHttpRequest.headers()}: returned the headers; returns the headers the client reads. */
  static final int HEADERS = 1;
  private static final BiPredicate<String, String> ALL = (name, value) -> true;

  private final InstrumentationErrors errors;
  private final HttpClientInstrumenter<HttpRequest, Object> client;

  JdkHttpClientTracker(HttpClientRecorder recorder, InstrumentationErrors errors) {
    this.errors = errors;
    this.client = recorder.instrumenter(INSTRUMENTATION, this);
  }

  @Override
  public Object enter(int site, Object self, Object request, Object detail) {
    return request instanceof HttpRequest ? client.enter((HttpRequest) request) : null;
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (site == HEADERS) {
      return client.withContext(returned, this);
    }
    if (state != null) {
      sent(state, returned, thrown);
    }
    return returned;
  }

  private void sent(Object state, Object result, Throwable thrown) {
    if (thrown != null || !(result instanceof CompletableFuture)) {
      client.exit(state, result, thrown);
      return;
    }
    ClientCall call = client.exitPending(state);
    if (call == null) {
      return;
    }
    try {
      // A dependent stage of the application's future: it sees the same outcome and changes nothing.
      ((CompletableFuture<?>) result).whenComplete((response, failure) -> client.complete(call, response, failure));
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  @Override
  public String method(HttpRequest request) {
    return request.method();
  }

  @Override
  public String serverAddress(HttpRequest request, Object target) {
    return request.uri().getHost();
  }

  @Override
  public int serverPort(HttpRequest request, Object target) {
    return port(request.uri());
  }

  @Override
  public Object url(HttpRequest request) {
    return request.uri();
  }

  @Override
  public int statusCode(Object response) {
    return response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : 0;
  }

  /** The headers the client copies from the application's request, with the trace context. */
  @Override
  public Object withContext(Object headers, String traceparent, String tracestate) {
    if (!(headers instanceof HttpHeaders)) {
      return headers;
    }
    Map<String, List<String>> withContext = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    withContext.putAll(((HttpHeaders) headers).map());
    withContext.put(Names.TRACEPARENT, List.of(traceparent));
    if (tracestate != null) {
      withContext.put(Names.TRACESTATE, List.of(tracestate));
    }
    return HttpHeaders.of(withContext, ALL);
  }

  static int port(URI uri) {
    int port = uri.getPort();
    if (port >= 0) {
      return port;
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
