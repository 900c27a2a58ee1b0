package io.lantern.agent.http;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.agent.operation.Instrumenter;
import io.lantern.agent.metrics.HttpClientMetrics;
import io.lantern.agent.metrics.HttpMethods;
import io.lantern.agent.metrics.StatusCodes;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What every outbound HTTP instrumentation does with a call, whatever the client: a client span,
 * a child of the current one, whose {@code traceparent} the instrumentation sends; at the end the
 * {@code http_client_request_duration_seconds} histogram. Instrumentations only read method,
 * host, port, URL and status from their client's objects (an {@link HttpClientGetter}, driven by the
 * {@link HttpClientInstrumenter} {@link #instrumenter} makes) and set headers ({@link #inject}).
 *
 * <p><b>Layered clients.</b> One depth per thread for all clients: a client called inside another
 * client's call on the same thread (a library over {@code HttpURLConnection}, a send inside a
 * send) is nested and records nothing, but still sends the current span's {@code traceparent},
 * which is then the outer call's span. {@link #enter()}/{@link #exit()} must always pair.
 */
public final class HttpClientRecorder {
  static final String DOMAIN = "http-client";

  private final InstrumentationErrors errors;
  private final CallDepth depth = new CallDepth();
  private final Instrumenter<ClientCall> instrumenter;

  public HttpClientRecorder(HttpClientMetrics metrics, Tracing tracing, InstrumentationErrors errors) {
    this.errors = errors;
    this.instrumenter = Instrumenter.<ClientCall>builder(DOMAIN, tracing, errors)
        .listener(call -> metrics.recordDuration(call.methodIndex, call.serverAddress, call.status, call.errorTypeLabel(),
            call.durationNanos() / 1e9))
        .listener(HttpClientRecorder::describeSpan)
        .build();
  }

  /**
   * The recording flow for one client module, which reads its library's objects through
   * {@code getter}; failures inside are reported as {@code instrumentation}'s. Made once, at install.
   */
  public <REQ, RESP> HttpClientInstrumenter<REQ, RESP> instrumenter(String instrumentation, HttpClientGetter<REQ, RESP> getter) {
    return new HttpClientInstrumenter<>(this, errors, instrumentation, getter);
  }

  /** Counts one client method in on this thread; true when no other client call is in progress here. */
  public boolean enter() {
    return depth.enter();
  }

  public void exit() {
    depth.exit();
  }

  /** Reads the status code of a library's response object. */
  public interface StatusReader {
    int status(Object response) throws Throwable;
  }

  /**
   * Leaves a client method whose call ends with it (a synchronous send): pairs with
   * {@link #enter()} and, when {@code state} is the {@link ClientCall} this method started, records
   * it with the response's status (0 when there is no response) and restores the span current
   * before it.
   *
   * @param instrumentation the module, for error reports
   */
  public void exitAndEnd(String instrumentation, Object state, Object response, StatusReader statusReader, Throwable thrown) {
    depth.exit();
    if (!(state instanceof ClientCall)) {
      return;
    }
    ClientCall call = (ClientCall) state;
    try {
      end(instrumentation, call, response, statusReader, thrown);
    } finally {
      detach(call);
    }
  }

  /** {@link #end(ClientCall, int, Throwable)} with the response's status (0 when there is none), reporting what fails. */
  void end(String instrumentation, ClientCall call, Object response, StatusReader statusReader, Throwable thrown) {
    int status = 0;
    try {
      status = response == null ? 0 : statusReader.status(response);
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
    try {
      end(call, status, thrown);
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
  }

  /** True while a client method is running on this thread (set by {@link #enter()}). */
  public boolean inCall() {
    return depth.inside();
  }

  /**
   * Makes every outbound call made from this thread from now on nested, so none is recorded: for
   * the agent's own threads (e.g. a span exporter sending over the JDK's HTTP client).
   */
  public void ignoreCurrentThread() {
    depth.enter();
  }

  /**
   * Starts a call: a client span, a child of the current span (or a new trace's root), made current
   * on this thread until {@link #detach}.
   *
   * @param method the request method as sent
   * @param serverAddress the server's host name, or null when unknown
   * @param port the server port, or -1 when unknown
   * @param url the request URL (its {@code toString()} is read only when the span is recorded), or null
   */
  public ClientCall start(String method, String serverAddress, int port, Object url) {
    return start(method, serverAddress, port, url, null);
  }

  /**
   * Like {@link #start(String, String, int, Object)}, for a call that runs on another thread than
   * the one that asked for it (an enqueued call): its span is a child of {@code parent}, from
   * {@link #captureContext()} on the asking thread, when that is not null.
   */
  public ClientCall start(String method, String serverAddress, int port, Object url, Object parent) {
    int methodIndex = HttpMethods.index(method);
    ClientCall call = new ClientCall(methodIndex, serverAddress);
    // semconv: the span is named after the method, "HTTP" when the method is not a known one
    String name = methodIndex == HttpMethods.OTHER ? "HTTP" : HttpMethods.label(methodIndex);
    instrumenter.startChildOf(parent instanceof LanternSpan ? (LanternSpan) parent : null, call,
        LanternSpan.Kind.CLIENT, name);
    if (call.isRecording()) {
      call.setAttribute(Names.SPAN_HTTP_REQUEST_METHOD, HttpMethods.label(methodIndex));
      if (methodIndex == HttpMethods.OTHER) {
        call.setAttribute(Names.SPAN_HTTP_REQUEST_METHOD_ORIGINAL, method);
      }
      call.setAttribute(Names.SPAN_SERVER_ADDRESS, serverAddress);
      if (port >= 0) {
        call.setAttribute(Names.SPAN_SERVER_PORT, port);
      }
      setUrl(call, url);
    }
    return call;
  }

  /** The span current on this thread, for {@link #start(String, String, int, Object, Object)} on another thread; null when none. */
  public Object captureContext() {
    return Tracing.current();
  }

  /** Sets the call's {@code url.full} (without user info and query) when its span is recorded. */
  public void setUrl(ClientCall call, Object url) {
    if (url != null && call.isRecording()) {
      call.setAttribute(Names.SPAN_URL_FULL, fullUrl(url.toString()));
    }
  }

  /** Stops the call being current on the thread that started it (a no-op anywhere else); it may still be in flight. */
  public void detach(ClientCall call) {
    instrumenter.detach(call);
  }

  /**
   * Records the call once and ends its span: later calls for the same call do nothing. May run on
   * another thread than {@link #start}.
   *
   * @param status the response status, or {@link HttpClientMetrics#NO_RESPONSE} (0) when none was received
   * @param thrown what the client threw or failed the call with (and what the application gets), or null
   */
  public void end(ClientCall call, int status, Throwable thrown) {
    if (instrumenter.claimEnd(call)) {
      // Anything but a valid code reads as "no response" everywhere, so a short holds it.
      call.status = (short) StatusCodes.normalize(status);
      instrumenter.completeEnd(call, thrown);
    }
  }

  /** Semantic-convention attributes known at the end, for an exported span only. */
  private static void describeSpan(ClientCall call) {
    if (!call.isRecording()) {
      return;
    }
    if (call.status > 0) {
      call.setAttribute(Names.SPAN_HTTP_RESPONSE_STATUS_CODE, call.status);
    }
    // semconv: a client span fails on 4xx as well
    String errorType = call.errorTypeLabel();
    call.setError(errorType == null && call.status >= 400 ? StatusCodes.label(call.status) : errorType);
  }

  /** The {@code traceparent} to send from this thread now: the current span's, or null when none is current. */
  public String traceparent() {
    LanternSpan span = Tracing.current();
    return span == null ? null : span.traceparent();
  }

  /** The {@code tracestate} to send with {@link #traceparent()}, or null when there is none. */
  public String tracestate() {
    LanternSpan span = Tracing.current();
    return span == null ? null : span.tracestate();
  }

  /**
   * Sets {@link #traceparent()} and, when there is one, {@link #tracestate()} on {@code carrier};
   * nothing when no span is current. What the setter throws is the caller's to report.
   */
  public <C> void inject(HttpHeaderSetter<C> setter, C carrier) throws Throwable {
    String traceparent = traceparent();
    if (traceparent == null) {
      return;
    }
    setter.set(carrier, Names.TRACEPARENT, traceparent);
    String tracestate = tracestate();
    if (tracestate != null) {
      setter.set(carrier, Names.TRACESTATE, tracestate);
    }
  }

  /**
   * What an async client's future failed with, as the application sees it through
   * {@code get()}/{@code join()}: the cause of the {@link CompletionException} or
   * {@link ExecutionException} wrappers dependent stages add.
   */
  public static Throwable unwrapAsync(Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * {@code url.full} without what must not leave the process: the user info ({@code user:pass@})
   * and the query string and fragment are removed.
   */
  public static String fullUrl(String url) {
    if (url == null) {
      return null;
    }
    int schemeEnd = url.indexOf("://");
    int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int end = url.length();
    int authorityEnd = end;
    for (int i = authorityStart; i < end; i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        authorityEnd = i;
        break;
      }
    }
    int at = schemeEnd < 0 ? -1 : url.lastIndexOf('@', authorityEnd - 1);
    int cut = end;
    for (int i = authorityEnd; i < end; i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') {
        cut = i;
        break;
      }
    }
    if (at < authorityStart && cut == end) {
      return url;
    }
    StringBuilder out = new StringBuilder(cut);
    out.append(url, 0, authorityStart);
    out.append(url, at >= authorityStart ? at + 1 : authorityStart, cut);
    return out.toString();
  }
}
