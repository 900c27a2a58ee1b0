package io.lantern.testapps.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.harness.OtlpReceiver;
import io.lantern.harness.ReceivedSpan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * grpc-java through the built agent: server B and client A (grpc-netty-shaded over TCP, and
 * in-process) in the test app's child JVM, every call shape, failures, deadline, cancel; exact
 * counts per method and status on both sides, one {@code rpc_request} per server call, and
 * A -> B -> JDBC as one trace with exact parents (OTLP decoded by the harness).
 */
class GrpcIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String SERVER = "rpc_server_call_duration_seconds";
  static final String CLIENT = "rpc_client_call_duration_seconds";
  static final String SVC = "lantern.test.Echo/";

  static AgentApp.Builder app() {
    return AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("lantern.rpc.server.tenant-metadata-key", "x-tenant");
  }

  static Map<String, String> server(String method, String status) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("rpc_system_name", "grpc");
    labels.put("rpc_method", method.equals("_OTHER") ? method : SVC + method);
    labels.put("rpc_response_status_code", status);
    labels.put("error_type", "OK".equals(status) ? "" : status);
    return labels;
  }

  static Map<String, String> client(String method, String status, String serverAddress) {
    Map<String, String> labels = server(method, status);
    labels.put("server_address", serverAddress);
    return labels;
  }

  static String rpc(AgentApp app, String scenario) {
    return app.get("/rpc/" + scenario).body();
  }

  @Test
  void everyCallShapeIsCountedOncePerMethodAndStatusOnBothSides() {
    try (AgentApp app = app().start()) {
      assertEquals("hello ada", rpc(app, "unary"));
      assertEquals("s0,s1,s2,s3,s4", rpc(app, "stream"));
      assertEquals("OK count 3", rpc(app, "clientstream"));
      assertEquals("OK echo m0,echo m1,echo m2", rpc(app, "bidi"));
      assertEquals("NOT_FOUND", rpc(app, "notfound"));
      assertEquals("UNKNOWN", rpc(app, "throws"));
      assertEquals("DEADLINE_EXCEEDED", rpc(app, "deadline"));
      assertEquals("CANCELLED", rpc(app, "cancel"));
      assertEquals("UNIMPLEMENTED", rpc(app, "unknown"));

      Map<String, String[]> expected = new LinkedHashMap<>();
      expected.put("Unary", new String[] {"OK", "OK"});
      expected.put("ServerStream", new String[] {"OK", "OK"});
      expected.put("ClientStream", new String[] {"OK", "OK"});
      expected.put("Bidi", new String[] {"OK", "OK"});
      expected.put("NotFound", new String[] {"NOT_FOUND", "NOT_FOUND"});
      expected.put("Throws", new String[] {"UNKNOWN", "UNKNOWN"});
      // Slow twice: once past its deadline, once cancelled by the client (asserted below)
      Metrics m = app.awaitMetric(SERVER + "_count", server("Slow", "CANCELLED"), 1, WAIT);
      m = app.awaitMetric(SERVER + "_count", server("Slow", "DEADLINE_EXCEEDED"), 1, WAIT);
      for (Map.Entry<String, String[]> e : expected.entrySet()) {
        assertEquals(1.0, m.value(SERVER + "_count", server(e.getKey(), e.getValue()[0])), e.getKey() + "\n" + m.describe(SERVER + "_count"));
        assertEquals(1.0, m.value(CLIENT + "_count", client(e.getKey(), e.getValue()[1], "localhost")), e.getKey() + "\n" + m.describe(CLIENT + "_count"));
      }
      assertEquals(1.0, m.value(CLIENT + "_count", client("Slow", "DEADLINE_EXCEEDED", "localhost")));
      assertEquals(1.0, m.value(CLIENT + "_count", client("Slow", "CANCELLED", "localhost")));
      // a method B does not serve: _OTHER on the server (the name the client sent is no label), its own name on the client
      assertEquals(1.0, m.value(SERVER + "_count", server("_OTHER", "UNIMPLEMENTED")), m.describe(SERVER + "_count"));
      assertEquals(1.0, m.value(CLIENT + "_count", client("Missing", "UNIMPLEMENTED", "localhost")));
      assertEquals(9.0, m.sum(SERVER + "_count", l -> true), m.describe(SERVER + "_count"));
      assertEquals(9.0, m.sum(CLIENT + "_count", l -> true), m.describe(CLIENT + "_count"));

      // durations bounded by the scripted delays
      double unary = m.value(SERVER + "_sum", server("Unary", "OK"));
      assertTrue(unary >= 0.05 && unary < 2, "Unary " + unary);
      assertTrue(m.value(CLIENT + "_sum", client("Unary", "OK", "localhost")) >= unary);
      double stream = m.value(SERVER + "_sum", server("ServerStream", "OK"));
      assertTrue(stream >= 0.05 && stream < 2, "ServerStream " + stream);
      double clientStream = m.value(SERVER + "_sum", server("ClientStream", "OK"));
      assertTrue(clientStream >= 0.04 && clientStream < 2, "ClientStream " + clientStream);
      double deadline = m.value(CLIENT + "_sum", client("Slow", "DEADLINE_EXCEEDED", "localhost"));
      assertTrue(deadline >= 0.19 && deadline < 0.6, "client deadline " + deadline);
      double cancelled = m.value(CLIENT + "_sum", client("Slow", "CANCELLED", "localhost"));
      assertTrue(cancelled >= 0.19 && cancelled < 0.6, "client cancel " + cancelled);
      double serverDeadline = m.value(SERVER + "_sum", server("Slow", "DEADLINE_EXCEEDED"));
      assertTrue(serverDeadline >= 0.19 && serverDeadline < 2, "server deadline " + serverDeadline);

      // one rpc_request per server call
      List<JsonNode> events = app.awaitExactly("rpc_request", 9, WAIT);
      Map<String, Long> byMethodStatus = events.stream().collect(Collectors.groupingBy(
          e -> e.path("rpc_method").asText() + " " + e.path("rpc_response_status_code").asText(), Collectors.counting()));
      assertEquals(Map.of(SVC + "Unary OK", 1L, SVC + "ServerStream OK", 1L, SVC + "ClientStream OK", 1L, SVC + "Bidi OK", 1L,
          SVC + "NotFound NOT_FOUND", 1L, SVC + "Throws UNKNOWN", 1L, SVC + "Slow DEADLINE_EXCEEDED", 1L,
          SVC + "Slow CANCELLED", 1L, "_OTHER UNIMPLEMENTED", 1L), byMethodStatus);
      JsonNode unaryEvent = events.stream().filter(e -> e.path("rpc_method").asText().endsWith("/Unary")).findFirst().orElseThrow();
      assertEquals("grpc", unaryEvent.path("rpc_system_name").asText());
      assertEquals("acme", unaryEvent.path("tenant").asText());
      assertEquals("req-1", unaryEvent.path("request_id").asText());
      assertEquals(1, unaryEvent.path("db_count").asInt());
      assertEquals("INFO", unaryEvent.path("level").asText());
      assertFalse(unaryEvent.has("error_type"), unaryEvent.toString());
      JsonNode throwsEvent = events.stream().filter(e -> e.path("rpc_method").asText().endsWith("/Throws")).findFirst().orElseThrow();
      assertEquals("ERROR", throwsEvent.path("level").asText());
      assertEquals("UNKNOWN", throwsEvent.path("error_type").asText());
    }
  }

  @Test
  void clientToServerToJdbcIsOneTraceWithExactParentsAlsoAcrossAnExecutorHandOff() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app = app()
            .sysProp("lantern.traces.exporter", "otlp")
            .sysProp("lantern.traces.otlp.endpoint", otlp.endpoint())
            .start()) {
      assertEquals("hello ada", rpc(app, "unary"));
      assertEquals("hello ada", rpc(app, "handoff"));
      List<JsonNode> events = app.awaitExactly("rpc_request", 2, WAIT);
      for (String method : List.of("Unary", "Handoff")) {
        JsonNode event = events.stream().filter(e -> e.path("rpc_method").asText().endsWith("/" + method)).findFirst().orElseThrow();
        assertEquals(1, event.path("db_count").asInt(), event.toString());
        String traceId = event.path("trace_id").asText();
        List<ReceivedSpan> trace = waitTrace(otlp, traceId, 4);
        String describe = OtlpReceiver.describe(otlp.spans());
        ReceivedSpan http = only(trace, "SERVER", "GET", describe);
        ReceivedSpan rpcClient = only(trace, "CLIENT", SVC + method, describe);
        ReceivedSpan rpcServer = only(trace, "SERVER", SVC + method, describe);
        ReceivedSpan jdbc = only(trace, "CLIENT", "SELECT users", describe);
        assertTrue(http.isRoot(), describe);
        assertEquals(http.spanId(), rpcClient.parentSpanId(), describe);
        assertEquals(rpcClient.spanId(), rpcServer.parentSpanId(), describe);
        assertTrue(rpcServer.parentIsRemote(), describe);
        assertEquals(rpcServer.spanId(), jdbc.parentSpanId(), describe);
        assertEquals(event.path("span_id").asText(), rpcServer.spanId());
        assertEquals(Map.of("rpc.system.name", "grpc", "rpc.method", SVC + method, "rpc.response.status_code", "OK"),
            rpcServer.attributes());
        assertEquals("grpc", rpcClient.attributes().get("rpc.system.name"));
        assertEquals("localhost", rpcClient.attributes().get("server.address"));
        assertTrue(rpcClient.startEpochNanos() <= rpcServer.startEpochNanos()
            && rpcServer.endEpochNanos() <= rpcClient.endEpochNanos(), describe);
      }
    }
  }

  @Test
  void eightThreadsOf250UnaryCallsLoseNoCount() {
    try (AgentApp app = app().start()) {
      assertEquals("OK 2000", rpc(app, "load"));
      Metrics m = app.awaitMetric(SERVER + "_count", server("Ping", "OK"), 2000, WAIT);
      assertEquals(2000.0, m.value(CLIENT + "_count", client("Ping", "OK", "localhost")));
      assertEquals(2000, app.awaitExactly("rpc_request", 2000, WAIT).size());
    }
  }

  @Test
  void inProcessTransportIsRecordedTheSameWay() {
    try (AgentApp app = app().start()) {
      assertEquals("hello ada", app.get("/rpc/unary?inprocess").body());
      assertEquals("NOT_FOUND", app.get("/rpc/notfound?inprocess").body());
      Metrics m = app.awaitMetric(SERVER + "_count", server("Unary", "OK"), 1, WAIT);
      assertEquals(1.0, m.value(SERVER + "_count", server("NotFound", "NOT_FOUND")));
      assertEquals(2.0, m.sum(CLIENT + "_count", l -> true), m.describe(CLIENT + "_count"));
      assertEquals(2, app.awaitExactly("rpc_request", 2, WAIT).size());
    }
  }

  static List<ReceivedSpan> waitTrace(OtlpReceiver otlp, String traceId, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<ReceivedSpan> trace = otlp.trace(traceId);
      if (trace.size() >= count || System.nanoTime() > deadline) {
        assertEquals(count, trace.size(), OtlpReceiver.describe(otlp.spans()));
        return trace;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static ReceivedSpan only(List<ReceivedSpan> spans, String kind, String namePrefix, String describe) {
    List<ReceivedSpan> found = spans.stream().filter(s -> s.kind().equals(kind) && s.name().startsWith(namePrefix))
        .collect(Collectors.toList());
    assertEquals(1, found.size(), kind + " " + namePrefix + "\n" + describe);
    return found.get(0);
  }
}
