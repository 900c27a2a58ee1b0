package io.lantern.testapps.traces;

import static io.lantern.testapps.traces.TracesItSupport.WAIT;
import static io.lantern.testapps.traces.TracesItSupport.requestEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.harness.OtlpReceiver;
import io.lantern.harness.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Span export end to end: the agent in the traces app sends OTLP/HTTP protobuf to a real receiver
 * (decoded with opentelemetry-proto), writes span events with the log exporter, survives a collector
 * that is down, and exports nothing at ratio 0 while ids still reach events and logs.
 */
class TraceExportIT {
  /** Statements the app runs at start-up (CREATE TABLE, INSERT), each a root span. */
  static final int STARTUP_SPANS = 2;
  static final String EXPORTED = "lantern_trace_spans_exported_total";
  static final String FAILED = "lantern_trace_spans_failed_total";
  static final String DROPPED = "lantern_trace_spans_dropped_total";

  private static AgentApp.Builder app() {
    return AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("app.logback.file", TracesItSupport.tempFile("logback.log").toString())
        .sysProp("app.log4j2.file", TracesItSupport.tempFile("log4j2.log").toString());
  }

  @Test
  void otlpExportsServerAndStatementSpansAsOneTreeAndContinuesInboundTraces() {
    String inboundTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    String inboundParent = "00f067aa0ba902b7";
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app = app()
            .sysProp("lantern.service.name", "traces-it")
            .sysProp("lantern.service.version", "1.2.3")
            .sysProp("lantern.deployment.environment", "test")
            .sysProp("lantern.traces.exporter", "otlp")
            .sysProp("lantern.traces.otlp.endpoint", otlp.endpoint())
            .start()) {
      assertEquals(200, app.get("/db").status());
      JsonNode root = requestEvent(app, "/db");
      app.awaitQuiet();
      assertEquals(200, app.get("/db?continued", "traceparent", "00-" + inboundTrace + "-" + inboundParent + "-01",
          "tracestate", "vendor=abc,other=1").status());

      List<ReceivedSpan> all = otlp.awaitExactly(STARTUP_SPANS + 4, WAIT);

      // a new trace: the server span is its root, the statement its child
      String traceId = root.path("trace_id").asText();
      List<ReceivedSpan> trace = otlp.trace(traceId);
      assertEquals(2, trace.size(), OtlpReceiver.describe(all));
      ReceivedSpan server = only(trace, "SERVER");
      ReceivedSpan statement = only(trace, "CLIENT");
      assertEquals(root.path("span_id").asText(), server.spanId());
      assertTrue(server.isRoot(), server.toString());
      assertEquals("GET /db", server.name());
      assertEquals("UNSET", server.status());
      assertEquals(Map.of("http.request.method", "GET", "http.route", "/db", "url.path", "/db", "url.scheme", "http",
          "http.response.status_code", 200L), server.attributes());
      assertEquals(server.spanId(), statement.parentSpanId());
      assertFalse(statement.parentIsRemote());
      assertEquals("SELECT users", statement.name());
      assertEquals(Map.of("db.system.name", "h2database", "db.operation.name", "SELECT", "db.collection.name", "users",
          "db.query.text", "SELECT name FROM users WHERE id = ?"), statement.attributes());
      assertTrue(server.startEpochNanos() <= statement.startEpochNanos()
          && statement.endEpochNanos() <= server.endEpochNanos(), server + " / " + statement);
      assertEquals("traces-it", server.resource().get("service.name"));
      assertEquals("1.2.3", server.resource().get("service.version"));
      assertEquals("test", server.resource().get("deployment.environment.name"));
      assertEquals("io.lantern", server.resource().get("telemetry.sdk.name"));
      assertEquals("io.lantern", server.scopeName());

      // the inbound trace is continued: remote parent, tracestate passed on
      List<ReceivedSpan> continued = otlp.trace(inboundTrace);
      assertEquals(2, continued.size(), OtlpReceiver.describe(all));
      ReceivedSpan inboundServer = only(continued, "SERVER");
      assertEquals(inboundParent, inboundServer.parentSpanId());
      assertTrue(inboundServer.parentIsRemote(), inboundServer.toString());
      assertEquals("vendor=abc,other=1", inboundServer.traceState());
      ReceivedSpan inboundStatement = only(continued, "CLIENT");
      assertEquals(inboundServer.spanId(), inboundStatement.parentSpanId());
      assertFalse(inboundStatement.parentIsRemote());

      Metrics m = app.awaitMetric(EXPORTED, Map.of(), STARTUP_SPANS + 4, WAIT);
      assertEquals(0.0, m.value(FAILED, Map.of()));
      assertEquals(0.0, m.value(DROPPED, Map.of()));
      assertEquals(0, app.events("span_export_error").size());
    }
  }

  @Test
  void collectorDownLeavesTheAppAnsweringAndCountsEverySpanOnce() {
    int requests = 3;
    int spans = STARTUP_SPANS + 2 * requests;
    int closedPort = AgentApp.freePort();
    try (AgentApp app = app()
        .sysProp("lantern.traces.exporter", "otlp")
        .sysProp("lantern.traces.otlp.endpoint", "http://127.0.0.1:" + closedPort + "/v1/traces")
        .start()) {
      for (int i = 0; i < requests; i++) {
        assertEquals(200, app.get("/db").status());
      }
      Metrics m = app.awaitMetrics("every span failed or dropped",
          s -> s.valueOrZero(FAILED, Map.of()) + s.valueOrZero(DROPPED, Map.of()) >= spans, WAIT);
      assertEquals(0.0, m.value(EXPORTED, Map.of()));
      assertTrue(m.value(FAILED, Map.of()) > 0, m.text());
      assertEquals(spans, m.value(FAILED, Map.of()) + m.value(DROPPED, Map.of()), m.text());
      List<JsonNode> warnings = app.awaitExactly("span_export_error", 1, WAIT);
      assertEquals("http://127.0.0.1:" + closedPort + "/v1/traces", warnings.get(0).path("address").asText());
      assertEquals(requests, app.events("http_request").size());
      assertFalse(app.stderr().contains("Failed to export"), app.stderr());
    }
  }

  @Test
  void spansStillQueuedAtShutdownAreFlushed() {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentApp app = app()
          .sysProp("lantern.traces.exporter", "otlp")
          .sysProp("lantern.traces.otlp.endpoint", otlp.endpoint())
          .start();
      try {
        assertEquals(200, app.get("/db").status());
      } finally {
        // SIGTERM right away, well within the exporter's 1 s batch delay: the shutdown hook sends them
        app.close();
      }
      assertEquals(STARTUP_SPANS + 2, otlp.spans().size(), OtlpReceiver.describe(otlp.spans()));
    }
  }

  @Test
  void ratioZeroExportsNothingButIdsStillReachEventsAndLogLines() {
    Path logback = TracesItSupport.tempFile("logback.log");
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app = app()
            .sysProp("app.logback.file", logback.toString())
            .sysProp("lantern.traces.exporter", "otlp")
            .sysProp("lantern.traces.otlp.endpoint", otlp.endpoint())
            .sysProp("lantern.traces.sampler.ratio", "0")
            .start()) {
      assertEquals(200, app.get("/db").status());
      assertEquals(200, app.get("/log/logback").status());
      JsonNode request = requestEvent(app, "/log/logback");
      assertEquals(32, request.path("trace_id").asText().length());
      assertEquals("00", request.path("trace_flags").asText());
      String[] line = TracesItSupport.awaitLine(logback, "inside logback");
      assertEquals(request.path("trace_id").asText(), line[0]);
      assertEquals(request.path("span_id").asText(), line[1]);
      assertEquals("00", line[2]);
      TracesItSupport.sleep(2500); // longer than the exporter's batch delay
      assertEquals(0, otlp.requests(), OtlpReceiver.describe(otlp.spans()));
      Metrics m = app.scrape();
      assertEquals(0.0, m.value(EXPORTED, Map.of()));
      assertEquals(0.0, m.value(FAILED, Map.of()));
      assertEquals(0.0, m.value(DROPPED, Map.of()));
    }
  }

  @Test
  void logExporterWritesSpanEventsWithTheirParents() {
    try (AgentApp app = app().sysProp("lantern.traces.exporter", "log").start()) {
      assertEquals(200, app.get("/db").status());
      JsonNode request = requestEvent(app, "/db");
      String serverSpanId = request.path("span_id").asText();
      List<JsonNode> spans = app.awaitEvents("span", STARTUP_SPANS + 2, WAIT);
      List<JsonNode> server = spans.stream().filter(s -> serverSpanId.equals(s.path("span_id").asText()))
          .collect(Collectors.toList());
      assertEquals(1, server.size(), spans.toString());
      JsonNode serverSpan = server.get(0);
      assertEquals(request.path("trace_id").asText(), serverSpan.path("trace_id").asText());
      assertTrue(serverSpan.path("parent_span_id").isMissingNode(), serverSpan.toString());
      assertEquals("GET /db", serverSpan.path("name").asText());
      assertEquals("SERVER", serverSpan.path("kind").asText());
      assertEquals("UNSET", serverSpan.path("status").asText());
      assertEquals(200, serverSpan.path("attributes").path("http.response.status_code").asInt());
      List<JsonNode> children = TracesItSupport.childSpanEvents(app, serverSpanId);
      assertEquals(1, children.size(), spans.toString());
      JsonNode statement = children.get(0);
      assertEquals(request.path("trace_id").asText(), statement.path("trace_id").asText());
      assertEquals("SELECT users", statement.path("name").asText());
      assertEquals("CLIENT", statement.path("kind").asText());
      assertEquals("h2database", statement.path("attributes").path("db.system.name").asText());
      assertTrue(statement.path("duration_ms").asDouble() > 0, statement.toString());
      assertFalse(statement.has("_schema_error"), statement.toString());
      app.awaitMetric(EXPORTED, Map.of(), STARTUP_SPANS + 2, WAIT);
    }
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, String kind) {
    List<ReceivedSpan> found = spans.stream().filter(s -> s.kind().equals(kind)).collect(Collectors.toList());
    assertEquals(1, found.size(), kind + " in " + OtlpReceiver.describe(spans));
    return found.get(0);
  }
}
