package io.lantern.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.db.DbClientRecorder;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.operation.RequestListeners;
import io.lantern.agent.operation.RequestOperation;
import io.lantern.agent.log.EventLogSettings;
import io.lantern.agent.log.EventLogTarget;
import io.lantern.agent.metrics.HttpServerMetrics;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.Tracing;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpServerRecorderTest {
  private static final String LABELS_200 =
      "http_request_method=\"GET\",http_route=\"/users/*\",http_response_status_code=\"200\",url_scheme=\"http\",error_type=\"\",";

  @TempDir Path dir;
  private EventLog events;
  private LanternMetrics metrics;
  private HttpServerRecorder recorder;

  private void start(int maxSeries) {
    events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.FILE).file(dir.resolve("events.log").toString()).build());
    metrics = new LanternMetrics(maxSeries);
    recorder = new HttpServerRecorder(new HttpServerMetrics(metrics), new Tracing(1.0), events,
        new InstrumentationErrors(metrics, events), "X-Tenant", new RequestListeners());
  }

  @AfterEach
  void close() {
    events.close();
  }

  @Test
  void recordsOnceWithExactLabelsAndOneEvent() throws Exception {
    start(100);
    for (int i = 0; i < 5; i++) {
      ServerRequest request = InboundRequest.start(recorder, "GET", "http", "/users/" + i, null, null, "acme", "req-" + i);
      recorder.end(request, "/users/*", 200, null);
      recorder.end(request, "/users/*", 500, new IllegalStateException()); // second end is ignored
      recorder.detach(request);
    }
    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("http_server_request_duration_seconds_count{" + LABELS_200 + "} 5.0"), text);
    assertFalse(text.contains("http_response_status_code=\"500\""), text);
    assertTrue(text.contains("http_server_active_requests{http_request_method=\"GET\",url_scheme=\"http\",} 0.0"), text);

    List<JsonNode> lines = awaitLines(5);
    JsonNode first = lines.get(0);
    assertEquals("http_request", first.get("event").asText());
    assertEquals("/users/*", first.get("http_route").asText());
    assertEquals("/users/0", first.get("url_path").asText());
    assertEquals(200, first.get("http_response_status_code").asInt());
    assertEquals("acme", first.get("tenant").asText());
    assertEquals("req-0", first.get("request_id").asText());
    assertEquals(0, first.get("db_count").asInt());
    assertNull(first.get("error_type"));
    assertNull(first.get("_schema_error"));
    assertTrue(first.get("trace_id").asText().matches("[0-9a-f]{32}"));
  }

  @Test
  void errorsUnknownMethodsAndMissingRoutesAreLabelledByTheContract() throws Exception {
    start(100);
    ServerRequest thrown = InboundRequest.start(recorder, "BREW", "https", "/pot", null, null, null, null);
    recorder.end(thrown, null, 200, new IllegalArgumentException("x"));
    recorder.detach(thrown);
    ServerRequest unavailable = InboundRequest.start(recorder, "GET", "http", "/busy", null, null, null, null);
    recorder.end(unavailable, "/busy", 503, null);
    recorder.detach(unavailable);
    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("http_server_request_duration_seconds_count{http_request_method=\"_OTHER\",http_route=\"_OTHER\",http_response_status_code=\"200\",url_scheme=\"https\",error_type=\"java.lang.IllegalArgumentException\",} 1.0"), text);
    assertTrue(text.contains("http_server_request_duration_seconds_count{http_request_method=\"GET\",http_route=\"/busy\",http_response_status_code=\"503\",url_scheme=\"http\",error_type=\"503\",} 1.0"), text);
    List<JsonNode> lines = awaitLines(2);
    assertEquals("ERROR", lines.get(0).get("level").asText());
    assertEquals("java.lang.IllegalArgumentException", lines.get(0).get("error_type").asText());
  }

  @Test
  void aCancelledRequestIsLabelledCancelledOnceWithItsStatus() throws Exception {
    start(100);
    ServerRequest request = InboundRequest.start(recorder, "GET", "http", "/stream", null, null, null, null);
    recorder.detach(request);
    recorder.endCancelled(request, "/stream", 200);
    recorder.end(request, "/stream", 500, new IllegalStateException()); // the late terminate is ignored
    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("http_server_request_duration_seconds_count{http_request_method=\"GET\",http_route=\"/stream\",http_response_status_code=\"200\",url_scheme=\"http\",error_type=\"cancelled\",} 1.0"), text);
    assertFalse(text.contains("http_response_status_code=\"500\""), text);
    assertEquals("cancelled", awaitLines(1).get(0).get("error_type").asText());
  }

  @Test
  void anAttachedFrameworkNamesTheRouteAndTheErrorItHandledAndTheFirstOneWins() throws Exception {
    start(100);
    ServerFramework framework = new ServerFramework() {
      @Override
      public String route(Object frameworkRequest) {
        return "/users/{id}";
      }

      @Override
      public Throwable handledError(Object frameworkRequest) {
        return (Throwable) frameworkRequest;
      }
    };
    ServerRequest request = InboundRequest.start(recorder, "GET", "http", "/users/3", null, null, null, null);
    request.attachFramework(framework, new IllegalArgumentException());
    request.attachFramework(framework, new IllegalStateException()); // a second framework is ignored
    recorder.detach(request);
    recorder.end(request, null, 500, null);
    ServerRequest plain = InboundRequest.start(recorder, "GET", "http", "/users/4", null, null, null, null);
    recorder.detach(plain);
    recorder.end(plain, null, 200, null);
    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("http_server_request_duration_seconds_count{http_request_method=\"GET\",http_route=\"/users/{id}\",http_response_status_code=\"500\",url_scheme=\"http\",error_type=\"java.lang.IllegalArgumentException\",} 1.0"), text);
    assertTrue(text.contains("http_route=\"_OTHER\",http_response_status_code=\"200\""), text);
  }

  @Test
  void aResumedRequestIsCurrentUntilDetachedAndNotAfterItsEnd() {
    start(100);
    ServerRequest request = InboundRequest.start(recorder, "GET", "http", "/upload", null, null, null, null);
    recorder.detach(request);
    assertNull(io.lantern.agent.trace.Tracing.current());
    recorder.resume(request);
    assertEquals(request, io.lantern.agent.trace.Tracing.current());
    recorder.resume(request); // already current: nothing changes
    recorder.detach(request);
    assertNull(io.lantern.agent.trace.Tracing.current());
    recorder.end(request, "/upload", 200, null);
    recorder.resume(request);
    assertNull(io.lantern.agent.trace.Tracing.current(), "an ended request is not made current again");
  }

  @Test
  void continuesInboundTraceAndPutsItOnTheExemplar() throws Exception {
    start(100);
    ServerRequest request = InboundRequest.start(recorder, "GET", "http", "/users/7",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null, null, null);
    recorder.end(request, "/users/*", 200, null);
    recorder.detach(request);
    JsonNode line = awaitLines(1).get(0);
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", line.get("trace_id").asText());
    assertEquals("00f067aa0ba902b7", line.get("parent_span_id").asText());
    String openMetrics = scrape(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
    assertTrue(openMetrics.contains("# {span_id=\"" + line.get("span_id").asText() + "\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"}"), openMetrics);
  }

  @Test
  void asyncEndOnAnotherThreadStillNamesTheSpanOnTheExemplar() throws Exception {
    start(100);
    ServerRequest request = InboundRequest.start(recorder, "GET", "http", "/users/8", null, null, null, null);
    recorder.detach(request); // the container thread leaves; the request is still in flight
    Thread completer = new Thread(() -> recorder.end(request, "/users/*", 200, null));
    completer.start();
    completer.join();
    String openMetrics = scrape(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
    assertTrue(openMetrics.contains("trace_id=\"" + request.traceIdHex() + "\""), openMetrics);
  }

  @Test
  void routesPastTheSeriesCapBecomeOtherAndAreCounted() throws Exception {
    start(3);
    for (int i = 0; i < 10; i++) {
      ServerRequest request = InboundRequest.start(recorder, "GET", "http", "/r" + i, null, null, null, null);
      recorder.end(request, "/r" + i, 200, null);
      recorder.detach(request);
    }
    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("http_route=\"_OTHER\",http_response_status_code=\"200\",url_scheme=\"http\",error_type=\"\",} 7.0"), text);
    assertTrue(text.contains("lantern_metric_series_overflow_total{metric=\"http_server_request_duration_seconds\",} 7.0"), text);
  }

  @Test
  void statementsOfTheCurrentRequestAreCountedAndRepeatsReportedOnceAtTheEnd() throws Exception {
    events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.FILE).file(dir.resolve("events.log").toString()).build());
    metrics = new LanternMetrics(100);
    RequestListeners requestListeners = new RequestListeners();
    requestListeners.add(DbClientRecorder.repeatedQueryRule(events, 10));
    recorder = new HttpServerRecorder(new HttpServerMetrics(metrics), new Tracing(1.0), events,
        new InstrumentationErrors(metrics, events), null, requestListeners);
    assertNull(RequestOperation.current());
    ServerRequest request = InboundRequest.start(recorder, "GET", "http", "/orders", null, null, null, null);
    assertTrue(RequestOperation.current() == request);
    for (int i = 0; i < 12; i++) {
      RequestOperation.current().addDbStatement("SELECT sku FROM items WHERE order_id = ?", 1_000_000);
    }
    for (int i = 0; i < 9; i++) {
      RequestOperation.current().addDbStatement("SELECT * FROM users WHERE id = ?", 1_000_000);
    }
    RequestOperation.current().addDbStatement(null, 1_000_000); // unknown SQL: counted, not tracked
    recorder.end(request, "/orders", 200, null);
    recorder.detach(request);
    assertNull(RequestOperation.current());

    List<JsonNode> lines = awaitLines(2);
    JsonNode repeated = lines.get(0);
    assertEquals("db_repeated_query", repeated.get("event").asText());
    assertEquals("SELECT sku FROM items WHERE order_id = ?", repeated.get("db_query_text").asText());
    assertEquals(12, repeated.get("count").asInt());
    assertEquals("/orders", repeated.get("http_route").asText());
    assertEquals(request.traceIdHex(), repeated.get("trace_id").asText());
    assertNull(repeated.get("_schema_error"));
    JsonNode http = lines.get(1);
    assertEquals("http_request", http.get("event").asText());
    assertEquals(22, http.get("db_count").asInt());
    assertEquals(22.0, http.get("db_duration_ms").asDouble(), 1e-9);
    Thread.sleep(200);
    assertEquals(2, awaitLines(2).size(), "the users statement ran 9 times, under the threshold");
  }

  private String scrape(String contentType) throws Exception {
    StringWriter out = new StringWriter();
    TextFormat.writeFormat(contentType, out, metrics.registry().metricFamilySamples());
    return out.toString();
  }

  private List<JsonNode> awaitLines(int count) throws Exception {
    Path file = dir.resolve("events.log");
    ObjectMapper mapper = new ObjectMapper();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      List<JsonNode> lines = new ArrayList<>();
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          lines.add(mapper.readTree(line));
        }
      }
      if (lines.size() >= count || System.nanoTime() > deadline) {
        assertEquals(count, lines.size());
        return lines;
      }
      Thread.sleep(10);
    }
  }
}
