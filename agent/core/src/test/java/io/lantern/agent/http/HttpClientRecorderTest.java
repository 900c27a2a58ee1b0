package io.lantern.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.HttpClientMetrics;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpClientRecorderTest {
  private final List<LanternSpan> exported = new ArrayList<>();
  private final LanternMetrics metrics = new LanternMetrics(3);
  private final Tracing tracing = new Tracing(1.0, exported::add);
  private final HttpClientRecorder recorder =
      new HttpClientRecorder(new HttpClientMetrics(metrics), tracing, new InstrumentationErrors(metrics, EventLog.noop()));

  @AfterEach
  void nothingLeftCurrent() {
    assertNull(Tracing.current(), "a test left a span current");
  }

  @Test
  void aCallIsAChildClientSpanCurrentUntilDetachedAndRecordedOnce() throws Exception {
    LanternSpan server = tracing.startSpan(LanternSpan.Kind.SERVER, "GET /");
    LanternSpan previous = Tracing.makeCurrent(server);
    try {
      assertTrue(recorder.enter());
      ClientCall call = recorder.start("GET", "api.example.com", 443, URI.create("https://user:pw@api.example.com/v1/x?key=secret#f"));
      assertSame(call, Tracing.current());
      assertEquals(LanternSpan.Kind.CLIENT, call.kind());
      assertEquals(server.traceIdHex(), call.traceIdHex());
      assertEquals(server.spanId(), call.parentSpanId());
      assertEquals("00-" + server.traceIdHex() + "-" + call.spanIdHex() + "-01", recorder.traceparent());
      recorder.exitAndEnd("test", call, 200, response -> (Integer) response, null);
      recorder.end(call, 500, new IOException()); // a second end is ignored
      assertSame(server, Tracing.current(), "detached: the server span is current again");

      assertEquals(List.of(call), exported);
      Map<String, Object> attributes = attributes(call);
      assertEquals("GET", call.spanName());
      assertEquals("GET", attributes.get(Names.SPAN_HTTP_REQUEST_METHOD));
      assertEquals("api.example.com", attributes.get(Names.SPAN_SERVER_ADDRESS));
      assertEquals(443L, attributes.get(Names.SPAN_SERVER_PORT));
      assertEquals("https://api.example.com/v1/x", attributes.get(Names.SPAN_URL_FULL));
      assertEquals(200L, attributes.get(Names.SPAN_HTTP_RESPONSE_STATUS_CODE));
      assertNull(call.errorType());
      assertEquals(1.0, count("GET", "200", "api.example.com", ""));
      assertEquals(0.0, count("GET", "500", "api.example.com", "500"));
    } finally {
      Tracing.restore(previous);
    }
  }

  @Test
  void errorTypeIsTheExceptionElseTheStatusOf5xxAndTheSpanFailsFrom4xx() throws Exception {
    end(recorder.start("POST", "b", 80, null), 0, new ConnectException("refused"));
    end(recorder.start("POST", "b", 80, null), 503, null);
    ClientCall notFound = recorder.start("POST", "b", 80, null);
    end(notFound, 404, null);
    ClientCall brew = recorder.start("BREW", null, -1, null);
    end(brew, 200, null);

    assertEquals(1.0, count("POST", "", "b", "java.net.ConnectException"));
    assertEquals(1.0, count("POST", "503", "b", "503"));
    assertEquals(1.0, count("POST", "404", "b", ""), "a 4xx is no error_type in the metric (contract)");
    assertEquals(1.0, count("_OTHER", "200", "_OTHER", ""), "unknown method and host are _OTHER");
    assertEquals("404", notFound.errorType(), "but a client span with a 4xx fails (semconv)");
    assertEquals("HTTP", brew.spanName());
    assertEquals("BREW", attributes(brew).get(Names.SPAN_HTTP_REQUEST_METHOD_ORIGINAL));
    assertEquals(4, exported.size());
  }

  @Test
  void hostsPastMaxSeriesBecomeOther() throws Exception {
    for (String host : new String[] {"a", "b", "c", "d", "e"}) {
      end(recorder.start("GET", host, 80, null), 200, null);
    }
    assertEquals(1.0, count("GET", "200", "c", ""));
    assertEquals(2.0, count("GET", "200", "_OTHER", ""));
    assertTrue(scrape().contains("lantern_metric_series_overflow_total{metric=\"http_client_request_duration_seconds\",} 2.0"));
  }

  @Test
  void nestedCallsRecordNothingAndSendTheOuterSpan() {
    assertTrue(recorder.enter());
    ClientCall outer = recorder.start("GET", "b", 80, null);
    assertFalse(recorder.enter(), "a client inside a client call is nested");
    assertTrue(recorder.inCall());
    assertEquals(outer.traceparent(), recorder.traceparent());
    recorder.exitAndEnd("test", io.lantern.agent.instrumentation.CallDepth.NOT_RECORDING, null, null, null);
    recorder.exitAndEnd("test", outer, null, null, null);
    assertFalse(recorder.inCall());
    assertEquals(1, exported.size());
  }

  @Test
  void anIgnoredThreadRecordsNoCall() throws Exception {
    boolean[] outermost = new boolean[1];
    Thread exporter = new Thread(() -> {
      recorder.ignoreCurrentThread();
      outermost[0] = recorder.enter();
      recorder.exit();
    });
    exporter.start();
    exporter.join();
    assertFalse(outermost[0], "every call of an ignored thread is nested");
    assertTrue(recorder.enter(), "other threads are not affected");
    recorder.exit();
  }

  @Test
  void anAsyncCallEndsOnAnotherThreadAsAChildOfTheCapturedParent() throws Exception {
    LanternSpan server = tracing.startSpan(LanternSpan.Kind.SERVER, "GET /");
    LanternSpan previous = Tracing.makeCurrent(server);
    Object parent = recorder.captureContext();
    Tracing.restore(previous);
    ClientCall[] started = new ClientCall[1];
    Thread dispatcher = new Thread(() -> {
      started[0] = recorder.start("GET", "b", 80, null, parent);
      recorder.detach(started[0]);
      recorder.end(started[0], 200, null);
    });
    dispatcher.start();
    dispatcher.join();
    assertEquals(server.spanId(), started[0].parentSpanId());
    assertTrue(started[0].isEnded());
    assertEquals(List.of(started[0]), exported);
  }

  @Test
  void asyncFailuresAreUnwrappedToWhatGetThrows() {
    ConnectException cause = new ConnectException();
    assertSame(cause, HttpClientRecorder.unwrapAsync(new CompletionException(new ExecutionException(cause))));
    IllegalStateException plain = new IllegalStateException();
    assertSame(plain, HttpClientRecorder.unwrapAsync(plain));
  }

  @Test
  void fullUrlDropsUserInfoQueryAndFragment() {
    assertEquals("http://h:8080/p/q", HttpClientRecorder.fullUrl("http://u:p@h:8080/p/q?a=1&b=2#frag"));
    assertEquals("https://h", HttpClientRecorder.fullUrl("https://h?x"));
    assertEquals("https://h/a@b", HttpClientRecorder.fullUrl("https://h/a@b?x"), "an @ in the path is no user info");
    String unchanged = "http://h/p";
    assertSame(unchanged, HttpClientRecorder.fullUrl(unchanged));
    assertNull(HttpClientRecorder.fullUrl(null));
  }

  private void end(ClientCall call, int status, Throwable thrown) {
    recorder.detach(call);
    recorder.end(call, status, thrown);
    assertNotEquals(0, call.spanId());
  }

  static Map<String, Object> attributes(LanternSpan span) {
    Map<String, Object> attributes = new HashMap<>();
    for (int i = 0; i < span.attributeCount(); i++) {
      attributes.put(span.attributeKey(i), span.attributeValue(i));
    }
    return attributes;
  }

  private double count(String method, String status, String host, String errorType) {
    return count(metrics, method, status, host, errorType);
  }

  /** The count of {@code http_client_request_duration_seconds} for one series. */
  static double count(LanternMetrics metrics, String method, String status, String host, String errorType) {
    Double value = metrics.registry().getSampleValue("http_client_request_duration_seconds_count",
        new String[] {"http_request_method", "http_response_status_code", "server_address", "error_type"},
        new String[] {method, status, host, errorType});
    return value == null ? 0 : value;
  }

  private String scrape() {
    try {
      StringWriter out = new StringWriter();
      TextFormat.write004(out, metrics.registry().metricFamilySamples());
      return out.toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
