package io.lantern.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.HttpClientMetrics;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client flow a module drives through its getter, without a client library. */
class HttpClientInstrumenterTest {
  private static final String MODULE = "test-client";

  private final List<LanternSpan> exported = new ArrayList<>();
  private final LanternMetrics metrics = new LanternMetrics(10);
  private final InstrumentationErrors errors = new InstrumentationErrors(metrics, EventLog.noop());
  private final HttpClientRecorder recorder = new HttpClientRecorder(new HttpClientMetrics(metrics),
      new Tracing(1.0, exported::add), errors);
  private final Reads reads = new Reads();
  private final HttpClientInstrumenter<Request, Integer> client = recorder.instrumenter(MODULE, reads);
  private final Map<String, String> headers = new LinkedHashMap<>();

  @AfterEach
  void nothingLeftBehind() {
    assertNull(Tracing.current(), "a test left a span current");
    assertFalse(recorder.inCall(), "a test left the nesting depth counted");
  }

  @Test
  void aCallStartsFromWhatTheGetterReadsAndEndsWithTheResponseStatus() {
    LanternSpan server = new Tracing(1.0).startSpan(LanternSpan.Kind.SERVER, "GET /");
    LanternSpan previous = Tracing.makeCurrent(server);
    try {
      Object state = client.enter(new Request("POST", "https://u:p@api.example.com:8443/v1?k=s"));
      ClientCall call = (ClientCall) state;
      assertSame(call, Tracing.current());
      assertEquals(server.spanId(), call.parentSpanId());
      client.exit(state, 201, null);
      assertSame(server, Tracing.current(), "the span current before the call is current again");
      assertTrue(call.isEnded());

      assertEquals(List.of(call), exported);
      Map<String, Object> attributes = attributes(call);
      assertEquals("POST", attributes.get(Names.SPAN_HTTP_REQUEST_METHOD));
      assertEquals("api.example.com", attributes.get(Names.SPAN_SERVER_ADDRESS));
      assertEquals(8443L, attributes.get(Names.SPAN_SERVER_PORT));
      assertEquals("https://api.example.com:8443/v1", attributes.get(Names.SPAN_URL_FULL));
      assertEquals(201L, attributes.get(Names.SPAN_HTTP_RESPONSE_STATUS_CODE));
      assertEquals(1.0, count("POST", "201", "api.example.com", ""));
      assertEquals(0.0, errorsReported());
    } finally {
      Tracing.restore(previous);
    }
  }

  @Test
  void aTargetApartFromTheRequestIsWhatTheAddressIsReadWith() {
    Object state = client.enter(new Request("GET", "/v1"), "target.example.com", null);
    client.exit(state, 200, null);
    assertEquals("target.example.com", attributes(exported.get(0)).get(Names.SPAN_SERVER_ADDRESS));
    assertEquals(80L, attributes(exported.get(0)).get(Names.SPAN_SERVER_PORT));
  }

  @Test
  void theUrlIsReadOnlyForARecordedSpan() {
    LanternMetrics unsampledMetrics = new LanternMetrics(10);
    HttpClientRecorder unsampled = new HttpClientRecorder(new HttpClientMetrics(unsampledMetrics), new Tracing(0.0), errors);
    HttpClientInstrumenter<Request, Integer> notSampling = unsampled.instrumenter(MODULE, reads);
    Object state = notSampling.enter(new Request("GET", "http://h:80/"));
    assertTrue(state instanceof ClientCall, "an unsampled call is still a call");
    notSampling.exit(state, 200, null);
    assertEquals(0, reads.urls, "an unsampled call builds no URL");
    assertEquals(1.0, HttpClientRecorderTest.count(unsampledMetrics, "GET", "200", "h", ""), "and is measured all the same");

    client.exit(client.enter(new Request("GET", "http://h:80/")), 200, null);
    assertEquals(1, reads.urls);
  }

  @Test
  void aFailedCallIsRecordedWithWhatWasThrownAndNoResponse() {
    ConnectException refused = new ConnectException("refused");
    client.exit(client.enter(new Request("GET", "http://h:80/")), null, refused);
    assertEquals("java.net.ConnectException", exported.get(0).errorType());
    assertEquals(1.0, count("GET", "", "h", "java.net.ConnectException"));
  }

  @Test
  void aCallInsideAnotherRecordsNothingButCarriesTheOuterContext() {
    Object outer = client.enter(new Request("GET", "http://outer:80/"));
    Object nested = client.enter(new Request("GET", "http://inner:80/"));
    assertSame(CallDepth.NOT_RECORDING, nested);
    client.inject(Map::put, headers);
    assertEquals(((ClientCall) outer).traceparent(), headers.get(Names.TRACEPARENT));
    client.exit(nested, 200, null);
    assertTrue(recorder.inCall(), "the nested exit leaves only its own level");
    client.exit(outer, 200, null);
    assertEquals(1, exported.size());
    assertEquals("outer", attributes(exported.get(0)).get(Names.SPAN_SERVER_ADDRESS));
  }

  @Test
  void noStateIsAnEnterThatNeverRanSoItsExitLeavesNothing() {
    Object outer = client.enter(new Request("GET", "http://h:80/"));
    client.exit(null, 200, null);
    assertNull(client.exitPending(null));
    assertTrue(recorder.inCall(), "the outer call's depth is untouched");
    assertSame(outer, Tracing.current());
    client.exit(outer, 200, null);
  }

  @Test
  void aGetterThatThrowsIsReportedAndTheCallGoesOnUnrecorded() {
    reads.failMethod = true;
    Object state = client.enter(new Request("GET", "http://h:80/"));
    assertSame(CallDepth.NOT_RECORDING, state);
    assertNull(Tracing.current(), "nothing was started");
    client.exit(state, 200, null);
    assertEquals(1.0, errorsReported());
    assertTrue(exported.isEmpty());
  }

  @Test
  void aUrlThatCannotBeReadStillLetsTheStartedCallEnd() {
    reads.failUrl = true;
    Object state = client.enter(new Request("GET", "http://h:80/"));
    assertTrue(state instanceof ClientCall);
    client.exit(state, 200, null);
    assertEquals(1.0, errorsReported());
    assertEquals(1, exported.size());
    assertNull(attributes(exported.get(0)).get(Names.SPAN_URL_FULL));
  }

  @Test
  void aStatusThatCannotBeReadEndsTheCallWithNoStatus() {
    reads.failStatus = true;
    client.exit(client.enter(new Request("GET", "http://h:80/")), 200, null);
    assertEquals(1.0, errorsReported());
    assertEquals(1.0, count("GET", "", "h", ""));
  }

  @Test
  void anAsyncCallLeavesTheThreadAtItsExitAndEndsOnceWhereItsOutcomeArrives() throws Exception {
    Object state = client.enter(new Request("GET", "http://h:80/"));
    ClientCall call = client.exitPending(state);
    assertSame(state, call);
    assertNull(Tracing.current(), "detached at the exit");
    assertFalse(call.isEnded(), "still in flight");

    IOException cause = new IOException("reset");
    Thread completing = new Thread(() -> client.complete(call, null, new CompletionException(cause)));
    completing.start();
    completing.join();
    client.complete(call, 200, null); // a second outcome is ignored
    assertTrue(call.isEnded());
    assertEquals("java.io.IOException", call.errorType(), "the failure as get() reports it");
    assertEquals(1.0, count("GET", "", "h", "java.io.IOException"));
    assertEquals(1, exported.size());
  }

  @Test
  void aNestedAsyncExitOnlyLeavesItsLevel() {
    Object outer = client.enter(new Request("GET", "http://h:80/"));
    assertNull(client.exitPending(client.enter(new Request("GET", "http://h:80/"))));
    assertTrue(recorder.inCall());
    client.exit(outer, 204, null);
  }

  @Test
  void anEnqueuedCallIsAChildOfTheContextCapturedWhereItWasAskedFor() throws Exception {
    LanternSpan server = new Tracing(1.0).startSpan(LanternSpan.Kind.SERVER, "GET /");
    LanternSpan previous = Tracing.makeCurrent(server);
    Object parent = recorder.captureContext();
    Tracing.restore(previous);
    ClientCall[] call = new ClientCall[1];
    Thread dispatcher = new Thread(() -> {
      Object state = client.enter(new Request("GET", "http://h:80/"), null, parent);
      call[0] = (ClientCall) state;
      client.exit(state, 200, null);
    });
    dispatcher.start();
    dispatcher.join();
    assertEquals(server.traceIdHex(), call[0].traceIdHex());
    assertEquals(server.spanId(), call[0].parentSpanId());
  }

  @Test
  void injectSetsTheCurrentTraceparentAndATracestateOnlyWhenThereIsOne() {
    client.inject(Map::put, headers);
    assertTrue(headers.isEmpty(), "no span current: nothing to send");

    LanternSpan inbound = new LanternSpan();
    new Tracing(1.0).startServerSpan(inbound, "GET", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "k=v");
    LanternSpan previous = Tracing.makeCurrent(inbound);
    try {
      client.inject(Map::put, headers);
      assertEquals(inbound.traceparent(), headers.get(Names.TRACEPARENT));
      assertEquals("k=v", headers.get(Names.TRACESTATE));
    } finally {
      Tracing.restore(previous);
    }

    headers.clear();
    Object state = client.enter(new Request("GET", "http://h:80/"));
    client.inject(Map::put, headers);
    assertEquals(((ClientCall) state).traceparent(), headers.get(Names.TRACEPARENT));
    assertEquals(List.of(Names.TRACEPARENT), new ArrayList<>(headers.keySet()), "no tracestate to pass on");
    client.inject((carrier, name, value) -> {
      throw new IllegalStateException("read-only");
    }, headers);
    assertEquals(1.0, errorsReported(), "a setter that throws is reported, not thrown");
    client.exit(state, 200, null);
  }

  @Test
  void anImmutableRequestIsCopiedWithTheContextOnlyDuringACall() {
    String original = "request";
    HttpRequestCopier<String> copier = (request, traceparent, tracestate) -> request + "+" + traceparent + "+" + tracestate;
    assertSame(original, client.withContext(original, copier), "outside a call: unchanged");
    assertNull(client.withContext(null, copier));

    Object state = client.enter(new Request("GET", "http://h:80/"));
    assertEquals("request+" + ((ClientCall) state).traceparent() + "+null", client.withContext(original, copier));
    assertSame(original, client.withContext(original, (request, traceparent, tracestate) -> {
      throw new IllegalArgumentException("bad header");
    }), "a copy that fails leaves the request as it was");
    assertEquals(1.0, errorsReported());
    client.exit(state, 200, null);
  }

  /** What a module's request object would tell: a method and a URL (relative when the call has a target). */
  private static final class Request {
    final String method;
    final URI url;

    Request(String method, String url) {
      this.method = method;
      this.url = URI.create(url);
    }
  }

  /** Reads a {@link Request}; a target, when given, is the host (port 80), as Apache's HttpHost would be. */
  private static final class Reads implements HttpClientGetter<Request, Integer> {
    boolean failMethod;
    boolean failUrl;
    boolean failStatus;
    int urls;

    @Override
    public String method(Request request) {
      if (failMethod) {
        throw new IllegalStateException("no method");
      }
      return request.method;
    }

    @Override
    public String serverAddress(Request request, Object target) {
      return target != null ? (String) target : request.url.getHost();
    }

    @Override
    public int serverPort(Request request, Object target) {
      return target != null ? 80 : request.url.getPort();
    }

    @Override
    public Object url(Request request) throws Throwable {
      urls++;
      if (failUrl) {
        throw new java.net.URISyntaxException(request.url.toString(), "not a URI");
      }
      return request.url;
    }

    @Override
    public int statusCode(Integer response) {
      if (failStatus) {
        throw new IllegalStateException("no status");
      }
      return response;
    }
  }

  private static Map<String, Object> attributes(LanternSpan span) {
    return HttpClientRecorderTest.attributes(span);
  }

  private double count(String method, String status, String host, String errorType) {
    return HttpClientRecorderTest.count(metrics, method, status, host, errorType);
  }

  private double errorsReported() {
    Double value = metrics.registry().getSampleValue(Names.LANTERN_INSTRUMENTATION_ERRORS + "_total",
        new String[] {Names.INSTRUMENTATION}, new String[] {MODULE});
    return value == null ? 0 : value;
  }
}
