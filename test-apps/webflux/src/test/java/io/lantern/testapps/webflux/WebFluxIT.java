package io.lantern.testapps.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.HttpServerAgentSuite;
import io.lantern.harness.Metrics;
import io.lantern.harness.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent on a Spring Boot 3.5 WebFlux executable jar (Reactor Netty 1.2): the shared suite,
 * with routes from WebFlux's best-matching pattern and Boot's error handler answering a throwing
 * controller with 500, plus what only a reactive server does: signalled errors, a {@code
 * ResponseStatusException}, a functional route, an SSE stream, a client walking away mid-stream,
 * and JDBC on {@code boundedElastic()} inside the request's trace. Spans go to the event log.
 */
class WebFluxIT extends HttpServerAgentSuite {
  private static final String RSE = "org.springframework.web.server.ResponseStatusException";

  @Override
  protected String usersRoute() {
    return "/users/{id}";
  }

  @Override
  protected String statusRoute() {
    return "/status/{code}";
  }

  @Override
  protected boolean answersThrowingHandlerWith500() {
    return true;
  }

  @Override
  protected AgentApp.Builder configure(AgentApp.Builder builder) {
    return builder.sysProp("lantern.traces.exporter", "log");
  }

  @Test
  void signalledErrorsStatusExceptionsAndFunctionalRoutesAreCountedExactly() {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    for (int i = 0; i < 3; i++) {
      assertEquals(500, app.get("/mono-error").status());
    }
    for (int i = 0; i < 2; i++) {
      assertEquals(410, app.get("/gone/" + i).status());
    }
    for (int i = 0; i < 4; i++) {
      Response r = app.get("/fn/items/" + (900 + i));
      assertEquals(200, r.status());
      assertEquals("item " + (900 + i), r.body());
    }
    Map<Map<String, String>, Integer> deltas = new LinkedHashMap<>();
    deltas.put(server("/mono-error", 500, "java.lang.IllegalArgumentException"), 3);
    deltas.put(server("/gone/{id}", 410, RSE), 2);
    deltas.put(server("/fn/items/{id}", 200, ""), 4);
    awaitCounts(before, deltas);
    Map<String, Long> byRoute = newEvents(eventsBefore, 9).stream()
        .collect(Collectors.groupingBy(e -> e.path("http_route").asText(), Collectors.counting()));
    assertEquals(Map.of("/mono-error", 3L, "/gone/{id}", 2L, "/fn/items/{id}", 4L), byRoute);
  }

  @Test
  void concurrentRequestsAreAllCounted() throws Exception {
    assertConcurrentRequestsCountedExactly(app, "/hello", server("/hello", 200, ""), 8, 250);
  }

  @Test
  void anSseStreamIsOneRecordEndingAfterItsLastChunk() {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    Response r = app.rawGet("/sse").orElseThrow();
    assertEquals(200, r.status());
    for (int i = 0; i < 5; i++) {
      assertTrue(r.body().contains("data:chunk " + i), r.body());
    }
    Metrics m = awaitCounts(before, Map.of(server("/sse", 200, ""), 1));
    double seconds = m.value(SUM, server("/sse", 200, "")) - before.valueOrZero(SUM, server("/sse", 200, ""));
    assertTrue(seconds >= 0.4, "duration of the stream: " + seconds + " s");
    JsonNode e = newEvents(eventsBefore, 1).get(0);
    assertEquals("/sse", text(e, "http_route"));
    assertTrue(number(e, "duration_ms") >= 400, e.toString());
    pause(500);
    assertEquals(eventsBefore + 1, eventCount(), "one record per stream");
  }

  @Test
  void aClientLeavingMidStreamIsOneCancelledRecord() throws Exception {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", app.appPort()), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /endless HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      byte[] buffer = new byte[1024];
      while (!seen.toString().contains("tick 2")) {
        int n = in.read(buffer);
        assertTrue(n > 0, "stream ended early: " + seen);
        seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    }
    Map<String, String> cancelled = server("/endless", 200, "cancelled");
    awaitCounts(before, Map.of(cancelled, 1));
    JsonNode e = newEvents(eventsBefore, 1).get(0);
    assertEquals("/endless", text(e, "http_route"));
    assertEquals("cancelled", text(e, "error_type"));
    pause(1000);
    Metrics after = app.scrape();
    assertEquals(1.0, after.valueOrZero(COUNT, cancelled) - before.valueOrZero(COUNT, cancelled), after.describe(COUNT));
    assertEquals(eventsBefore + 1, eventCount(), "one record for the abandoned stream");
    assertEquals(0.0, after.value(ACTIVE, active()), "active requests after the disconnect");
  }

  @Test
  void jdbcOnBoundedElasticIsAChildOfTheRequestSpan() {
    int eventsBefore = eventCount();
    Response r = app.get("/db");
    assertEquals(200, r.status());
    assertEquals("names ada,alan", r.body());
    JsonNode request = newEvents(eventsBefore, 1).get(0);
    assertEquals("/db", text(request, "http_route"));
    assertEquals(2, number(request, "db_count"), request.toString());
    String traceId = text(request, "trace_id");
    String serverSpanId = text(request, "span_id");
    List<JsonNode> children = awaitChildren(app, serverSpanId, 2);
    assertEquals(2, children.size(), "statement spans under " + serverSpanId + ": " + app.events("span"));
    for (JsonNode statement : children) {
      assertEquals(traceId, statement.path("trace_id").asText(), statement.toString());
      assertEquals("CLIENT", statement.path("kind").asText(), statement.toString());
      assertEquals("SELECT users", statement.path("name").asText(), statement.toString());
    }
    List<JsonNode> server = app.events("span").stream()
        .filter(s -> serverSpanId.equals(s.path("span_id").asText())).collect(Collectors.toList());
    assertEquals(1, server.size(), app.events("span").toString());
    assertEquals("GET /db", server.get(0).path("name").asText());
    assertEquals("SERVER", server.get(0).path("kind").asText());
  }

  /**
   * A {@code WebClient} call to a second instance of this app (service B), between JDBC on
   * boundedElastic and one more statement where the response arrives: A's client span and all three
   * statements are children of A's server span, {@code db_count} is 3, B's request continues the
   * trace under A's client span, and A counts exactly one client call.
   */
  @Test
  void webClientCallAndJdbcOnBoundedElasticBelongToTheRequest() {
    try (AgentApp b = AgentApp.builder(appJar()).sysProp("lantern.service.name", "service-b")
        .sysProp("lantern.traces.exporter", "log").start()) {
      Map<String, String> client = Map.of("http_request_method", "GET", "http_response_status_code", "200",
          "server_address", "localhost", "error_type", "");
      Metrics before = app.scrape();
      int eventsBefore = eventCount();
      Response r = app.get("/chain?port=" + b.appPort());
      assertEquals(200, r.status(), r.body());
      assertEquals("ada,alan | user 7 | 2", r.body());
      JsonNode request = newEvents(eventsBefore, 1).get(0);
      assertEquals("/chain", text(request, "http_route"));
      assertEquals(3, number(request, "db_count"), request.toString());
      String traceId = text(request, "trace_id");
      String serverSpanId = text(request, "span_id");
      List<JsonNode> children = awaitChildren(app, serverSpanId, 4);
      Map<String, Long> byName = children.stream()
          .collect(Collectors.groupingBy(s -> s.path("kind").asText() + " " + s.path("name").asText(), Collectors.counting()));
      assertEquals(Map.of("CLIENT SELECT users", 3L, "CLIENT GET", 1L), byName, children.toString());
      JsonNode clientSpan = children.stream().filter(s -> s.path("name").asText().equals("GET")).findFirst().orElseThrow();
      for (JsonNode child : children) {
        assertEquals(traceId, child.path("trace_id").asText(), child.toString());
      }
      JsonNode bRequest = b.awaitExactly("http_request", 1, WAIT).get(0);
      assertEquals("/users/{id}", text(bRequest, "http_route"));
      assertEquals(traceId, text(bRequest, "trace_id"), "B continues A's trace");
      assertEquals(clientSpan.path("span_id").asText(), text(bRequest, "parent_span_id"), "B's parent is A's client span");
      String clientCount = "http_client_request_duration_seconds_count";
      Metrics m = app.awaitMetric(clientCount, client, before.valueOrZero(clientCount, client) + 1, WAIT);
      assertEquals(1.0, m.valueOrZero(clientCount, client) - before.valueOrZero(clientCount, client), m.describe(clientCount));
    }
  }

  private static List<JsonNode> awaitChildren(AgentApp target, String parentSpanId, int n) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (children(target, parentSpanId).size() < n && System.nanoTime() < deadline) {
      pause(100);
    }
    pause(300); // none more arrives
    return children(target, parentSpanId);
  }

  private static List<JsonNode> children(AgentApp target, String parentSpanId) {
    return target.events("span").stream()
        .filter(s -> parentSpanId.equals(s.path("parent_span_id").asText()))
        .collect(Collectors.toList());
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
