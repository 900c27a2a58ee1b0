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
import io.lantern.harness.ReceivedLog;
import io.lantern.harness.SickOtlpEndpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code lantern.logs.exporter=otlp} end to end: every event line the agent writes also reaches a
 * real OTLP/HTTP receiver (decoded with opentelemetry-proto) as one log record with the same time,
 * severity, body, fields and trace ids; a collector that is down costs the app nothing and every
 * record is counted failed or dropped once; records queued at shutdown are flushed.
 */
class LogExportIT {
  static final String EXPORTED = "lantern_log_records_exported_total";
  static final String FAILED = "lantern_log_records_failed_total";
  static final String DROPPED = "lantern_log_records_dropped_total";
  /** Fields of every JSON line that become the record's own parts or its resource, not attributes. */
  static final Set<String> COMMON = Set.of("timestamp", "level", "service", "service_version", "deployment_environment",
      "event", "message", "trace_id", "span_id", "trace_flags");
  static final Map<String, Integer> SEVERITY = Map.of("DEBUG", 5, "INFO", 9, "WARN", 13, "ERROR", 17);

  private static AgentApp.Builder app() {
    return AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("app.logback.file", TracesItSupport.tempFile("logback.log").toString())
        .sysProp("app.log4j2.file", TracesItSupport.tempFile("log4j2.log").toString());
  }

  @Test
  void everyEventLineIsOneLogRecordWithItsSeverityFieldsAndTraceIds() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app = app()
            .sysProp("lantern.service.name", "logs-it")
            .sysProp("lantern.service.version", "1.2.3")
            .sysProp("lantern.traces.sampler.ratio", "7") // one config_warning event: a WARN record
            .sysProp("lantern.logs.exporter", "otlp")
            .sysProp("lantern.logs.otlp.endpoint", otlp.logsEndpoint())
            .start()) {
      assertEquals(200, app.get("/db").status());
      app.get("/missing/nope");
      JsonNode request = requestEvent(app, "/db");
      app.awaitQuiet();
      List<JsonNode> lines = app.events();
      List<ReceivedLog> records = otlp.awaitLogs(r -> true, lines.size(), WAIT);
      TracesItSupport.sleep(1500); // longer than the exporter's batch delay: nothing more arrives
      lines = app.events();
      records = otlp.logs();
      assertEquals(lines.size(), records.size(), describe(records));

      // one record per line (two threads' events may swap places between the two queues), each
      // carrying exactly what the line says
      Set<String> severities = new java.util.TreeSet<>();
      List<ReceivedLog> unmatched = new ArrayList<>(records);
      for (JsonNode line : lines) {
        long nanos = micros(line.path("timestamp").asText()) * 1000;
        String message = line.path("message").asText();
        Object body = message.isEmpty() ? line.path("event").asText() : message;
        ReceivedLog record = unmatched.stream()
            .filter(r -> r.timeUnixNano() == nanos && body.equals(r.body()) && line.path("event").asText().equals(r.eventName()))
            .findFirst().orElseThrow(() -> new AssertionError("no record for " + line + " in\n" + describe(unmatched)));
        unmatched.remove(record);
        String where = line + "\n" + record;
        assertTrue(record.observedTimeUnixNano() >= record.timeUnixNano(), where);
        assertEquals(line.path("level").asText(), record.severityText(), where);
        assertEquals(SEVERITY.get(line.path("level").asText()), record.severityNumber(), where);
        severities.add(record.severityText());
        assertEquals(line.path("trace_id").asText(""), record.traceId(), where);
        assertEquals(line.path("span_id").asText(""), record.spanId(), where);
        assertEquals(line.has("trace_flags") ? Integer.parseInt(line.path("trace_flags").asText(), 16) : 0,
            record.flags(), where);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("event.name", line.path("event").asText());
        flatten(line, "", expected);
        assertAttributes(expected, record.attributes(), where);
        assertEquals("logs-it", record.resource().get("service.name"), where);
        assertEquals("1.2.3", record.resource().get("service.version"), where);
        assertEquals("io.lantern", record.scopeName(), where);
      }
      assertEquals(List.of(), unmatched);
      assertEquals(Set.of("INFO", "WARN"), severities);

      // the http_request record carries the request's trace and span ids
      ReceivedLog requestRecord = records.stream()
          .filter(r -> "http_request".equals(r.eventName()) && "/db".equals(r.attribute("url_path")))
          .collect(Collectors.toList()).get(0);
      assertEquals(request.path("trace_id").asText(), requestRecord.traceId());
      assertEquals(request.path("span_id").asText(), requestRecord.spanId());
      assertEquals(32, requestRecord.traceId().length());
      assertEquals("GET", requestRecord.attribute("http_request_method"));
      assertEquals(200L, requestRecord.attribute("http_response_status_code"));

      Metrics m = app.awaitMetric(EXPORTED, Map.of(), records.size(), WAIT);
      assertEquals(0.0, m.value(FAILED, Map.of()));
      assertEquals(0.0, m.value(DROPPED, Map.of()));
      assertEquals(0, app.events("log_export_error").size());
    }
  }

  @Test
  void collectorDownLeavesTheAppAnsweringAndCountsEveryRecordOnce() {
    int requests = 3;
    int closedPort = AgentApp.freePort();
    try (AgentApp app = app()
        .sysProp("lantern.logs.exporter", "otlp")
        .sysProp("lantern.logs.otlp.endpoint", "http://127.0.0.1:" + closedPort + "/v1/logs")
        .sysProp("lantern.logs.otlp.timeout-ms", "500")
        .start()) {
      for (int i = 0; i < requests; i++) {
        assertEquals(200, app.get("/db").status());
      }
      List<JsonNode> warnings = app.awaitExactly("log_export_error", 1, WAIT);
      assertEquals("http://127.0.0.1:" + closedPort + "/v1/logs", warnings.get(0).path("address").asText());
      app.awaitQuiet();
      int lines = app.events().size();
      Metrics m = app.awaitMetrics("every record failed or dropped",
          s -> s.valueOrZero(FAILED, Map.of()) + s.valueOrZero(DROPPED, Map.of()) >= lines, WAIT);
      assertEquals(0.0, m.value(EXPORTED, Map.of()));
      assertTrue(m.value(FAILED, Map.of()) > 0, m.text());
      assertEquals(lines, m.value(FAILED, Map.of()) + m.value(DROPPED, Map.of()), m.text());
      assertEquals(1, app.events("log_export_error").size(), "one warning per failure streak");
      assertEquals(requests, app.events("http_request").size());
      assertFalse(app.stderr().contains("Failed to export"), app.stderr());
    }
  }

  @Test
  void collectorThatNeverAnswersCostsTheAppNothingAndOverflowIsCounted() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        SickOtlpEndpoint sick = SickOtlpEndpoint.start(SickOtlpEndpoint.Mode.NEVER_ANSWERS, otlp);
        AgentApp app = app()
            .sysProp("lantern.logs.exporter", "otlp")
            .sysProp("lantern.logs.otlp.endpoint", sick.endpoint().replace(OtlpReceiver.PATH, OtlpReceiver.LOGS_PATH))
            .sysProp("lantern.logs.otlp.timeout-ms", "500")
            .sysProp("lantern.logs.otlp.queue-size", "16")
            .start()) {
      try (Load load = Load.start(app, "/db", 3)) {
        app.awaitMetrics("a failed batch and a drop",
            m -> m.valueOrZero(FAILED, Map.of()) > 0 && m.valueOrZero(DROPPED, Map.of()) > 0, WAIT);
        load.stop();
        assertEquals(0, load.failures(), load.failureSamples());
        assertEquals(load.sent().size(), load.answeredCount(), "every request sent was answered");
      }
      app.awaitExactly("log_export_error", 1, WAIT);
      app.awaitQuiet();
      int lines = app.events().size();
      Metrics m = app.awaitMetrics("every record failed or dropped",
          s -> s.valueOrZero(FAILED, Map.of()) + s.valueOrZero(DROPPED, Map.of()) >= lines, WAIT);
      assertEquals(0.0, m.value(EXPORTED, Map.of()));
      assertEquals(lines, m.value(FAILED, Map.of()) + m.value(DROPPED, Map.of()), m.text());
      assertEquals(0, otlp.logs().size());
      assertFalse(app.stderr().contains("Failed to export"), app.stderr());
    }
  }

  @Test
  void recordsStillQueuedAtShutdownAreFlushed() {
    try (OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentApp app = app()
          .sysProp("lantern.logs.exporter", "otlp")
          .sysProp("lantern.logs.otlp.endpoint", otlp.logsEndpoint())
          .start();
      try {
        assertEquals(200, app.get("/db").status());
      } finally {
        // SIGTERM right away, well within the exporter's 1 s batch delay: the shutdown hook sends them
        app.close();
      }
      List<ReceivedLog> requests = otlp.logs().stream().filter(r -> "http_request".equals(r.eventName()))
          .collect(Collectors.toList());
      assertEquals(1, requests.size(), describe(otlp.logs()));
    }
  }

  private static long micros(String timestamp) {
    Instant t = Instant.parse(timestamp);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  /** The line's own fields as the exporter flattens them: nested objects with a dot, JSON null omitted. */
  private static void flatten(JsonNode object, String prefix, Map<String, Object> out) {
    Iterator<Map.Entry<String, JsonNode>> it = object.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      JsonNode v = e.getValue();
      if (prefix.isEmpty() && COMMON.contains(key) || v.isNull()) {
        continue;
      }
      if (v.isObject()) {
        flatten(v, key + ".", out);
      } else if (v.isArray()) {
        List<String> list = new ArrayList<>();
        v.forEach(x -> list.add(x.asText()));
        out.put(key, list);
      } else if (v.isBoolean()) {
        out.put(key, v.asBoolean());
      } else if (v.isNumber()) {
        out.put(key, v.isIntegralNumber() ? (Object) v.asLong() : (Object) v.asDouble());
      } else {
        out.put(key, v.asText());
      }
    }
  }

  /** Same keys; same values, numbers to the JSON line's 6 fraction digits. */
  private static void assertAttributes(Map<String, Object> expected, Map<String, Object> actual, String where) {
    assertEquals(expected.keySet(), actual.keySet(), where);
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      Object a = actual.get(e.getKey());
      if (e.getValue() instanceof Number && a instanceof Number) {
        assertEquals(((Number) e.getValue()).doubleValue(), ((Number) a).doubleValue(), 1e-6, e.getKey() + " in " + where);
      } else {
        assertEquals(e.getValue(), a, e.getKey() + " in " + where);
      }
    }
  }

  private static String describe(List<ReceivedLog> records) {
    return records.stream().map(ReceivedLog::toString).collect(Collectors.joining("\n"));
  }
}
