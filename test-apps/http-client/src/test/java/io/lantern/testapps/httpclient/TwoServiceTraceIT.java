package io.lantern.testapps.httpclient;

import static io.lantern.testapps.httpclient.HttpClientIT.WAIT;
import static io.lantern.testapps.httpclient.HttpClientIT.answer;
import static io.lantern.testapps.httpclient.HttpClientIT.awaitOne;
import static io.lantern.testapps.httpclient.HttpClientIT.call;
import static io.lantern.testapps.httpclient.HttpClientIT.method;
import static io.lantern.testapps.httpclient.HttpClientIT.requestIdIs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.OtlpReceiver;
import io.lantern.harness.ReceivedSpan;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The distributed trace of the tracing issue: service A (agent) calls service B (agent) through
 * each outbound client; both export OTLP to one receiver. Each call is exactly one trace of four
 * spans in one tree: A's server span, A's client span (its child), B's server span (child of A's
 * client span, remote parent) and B's statement (child of B's server span), from two services.
 */
class TwoServiceTraceIT {
  static final long CROSS_PROCESS_SKEW_NANOS = 20_000_000;
  static OtlpReceiver otlp;
  static AgentApp a;
  static AgentApp b;

  static List<String> clients() {
    return HttpClientIT.clients();
  }

  @BeforeAll
  static void start() {
    otlp = OtlpReceiver.start();
    b = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("lantern.service.name", "service-b")
        .sysProp("lantern.traces.exporter", "otlp")
        .sysProp("lantern.traces.otlp.endpoint", otlp.endpoint())
        .start();
    a = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("lantern.service.name", "service-a")
        .sysProp("lantern.traces.exporter", "otlp")
        .sysProp("lantern.traces.otlp.endpoint", otlp.endpoint())
        .start();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {a, b, otlp}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // closing test processes
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void oneTraceWithExactParentsAcrossTwoServices(String client) {
    String requestId = "trace-" + client + "-" + UUID.randomUUID();
    assertEquals("200", answer(call(a, client, b, "/b/ok", "X-Request-ID", requestId)).get("status"));
    JsonNode aRequest = awaitOne(a, "http_request", requestIdIs(requestId));
    String traceId = aRequest.path("trace_id").asText();

    List<ReceivedSpan> trace = awaitTrace(traceId, 4);
    ReceivedSpan aServer = one(trace, "service-a", "SERVER");
    ReceivedSpan aClient = one(trace, "service-a", "CLIENT");
    ReceivedSpan bServer = one(trace, "service-b", "SERVER");
    ReceivedSpan bStatement = one(trace, "service-b", "CLIENT");

    assertEquals(aRequest.path("span_id").asText(), aServer.spanId());
    assertTrue(aServer.isRoot(), aServer.toString());
    assertEquals("GET /call/", aServer.name());

    assertEquals(aServer.spanId(), aClient.parentSpanId(), "A's client span is a child of A's server span");
    assertFalse(aClient.parentIsRemote());
    assertEquals(method(client), aClient.name());
    assertEquals(method(client), aClient.attributes().get("http.request.method"));
    assertEquals("localhost", aClient.attributes().get("server.address"));
    assertEquals((long) b.appPort(), aClient.attributes().get("server.port"));
    assertEquals(200L, aClient.attributes().get("http.response.status_code"));
    assertEquals("http://localhost:" + b.appPort() + "/b/ok", aClient.attributes().get("url.full"));

    assertEquals(aClient.spanId(), bServer.parentSpanId(), "B continues A's client span");
    assertTrue(bServer.parentIsRemote(), bServer.toString());
    assertEquals(method(client) + " /b/ok", bServer.name());

    assertEquals(bServer.spanId(), bStatement.parentSpanId());
    assertEquals("SELECT greetings", bStatement.name());
    assertEquals("h2database", bStatement.attributes().get("db.system.name"));

    assertTrue(within(aClient, aServer, 0), "A's call inside A's request: " + aServer + " / " + aClient);
    assertTrue(within(bStatement, bServer, 0), "B's statement inside B's request: " + bServer + " / " + bStatement);
    // Each JVM turns its monotonic clock into wall-clock time from its own reading at start-up:
    // across the two processes, times agree to within that reading's skew, not to the nanosecond.
    assertTrue(within(bServer, aClient, CROSS_PROCESS_SKEW_NANOS), "B's request inside A's call: " + aClient + " / " + bServer);
  }

  static boolean within(ReceivedSpan inner, ReceivedSpan outer, long skewNanos) {
    return outer.startEpochNanos() - skewNanos <= inner.startEpochNanos()
        && inner.endEpochNanos() <= outer.endEpochNanos() + skewNanos;
  }

  /** Waits for the trace's spans, then checks no more arrive (a double recording would add one). */
  static List<ReceivedSpan> awaitTrace(String traceId, int spans) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (otlp.trace(traceId).size() < spans) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("trace " + traceId + " has " + OtlpReceiver.describe(otlp.trace(traceId)));
      }
      HttpClientIT.sleep(100);
    }
    HttpClientIT.sleep(1500); // longer than one export batch delay (1 s)
    List<ReceivedSpan> trace = otlp.trace(traceId);
    assertEquals(spans, trace.size(), OtlpReceiver.describe(trace));
    return trace;
  }

  static ReceivedSpan one(List<ReceivedSpan> trace, String service, String kind) {
    List<ReceivedSpan> found = trace.stream()
        .filter(s -> service.equals(s.resource().get("service.name")) && kind.equals(s.kind()))
        .collect(Collectors.toList());
    assertEquals(1, found.size(), service + " " + kind + " in " + OtlpReceiver.describe(trace));
    return found.get(0);
  }
}
