package io.lantern.testapps.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.HttpServerAgentSuite;
import io.lantern.harness.Metrics;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent on a Vert.x HTTP server with a vertx-web router: the shared acceptance suite (routes
 * are vertx-web's templates, {@code /users/:id}), and what is particular to Vert.x: sub-routers,
 * {@code ctx.fail}, the router's own 404, chunked responses, a client leaving mid-response, and
 * the request's span across Vert.x's hops (executeBlocking, compose, timers, runOnContext).
 * Subclassed once per Vert.x version, over the same app source.
 */
abstract class VertxServerSuite extends HttpServerAgentSuite {
  static final String CLOSED = "io.vertx.core.http.HttpClosedException";

  /** Spans as {@code span} events, so the JDBC spans' parents can be checked in the log. */
  @Override
  protected AgentApp.Builder configure(AgentApp.Builder builder) {
    return builder.sysProp("lantern.traces.exporter", "log");
  }

  @Override
  protected String usersRoute() {
    return "/users/:id";
  }

  @Override
  protected String statusRoute() {
    return "/status/:code";
  }

  @Override
  protected boolean answersThrowingHandlerWith500() {
    return true;
  }

  @Test
  void concurrentRequestsAreCountedExactly() throws Exception {
    assertConcurrentRequestsCountedExactly(app, "/hello", server("/hello", 200, ""), 8, 250);
  }

  @Test
  void subRouterRouteIsTheFullMountedTemplateAndAnUnmatchedPathIsOther() {
    Metrics before = app.scrape();
    assertEquals("api item 5", app.get("/api/items/5").body());
    assertEquals("api item 6", app.get("/api/items/6").body());
    assertEquals(404, app.get("/nowhere/7").status());
    assertEquals(404, app.get("/api/nowhere").status());
    awaitCounts(before, Map.of(server("/api/items/:id", 200, ""), 2, server("_OTHER", 404, ""), 2));
  }

  @Test
  void failWithAStatusOrAnExceptionIsRecordedAsSent() {
    Metrics before = app.scrape();
    assertEquals(503, app.get("/fail/503").status());
    assertEquals(500, app.get("/fail/exception").status());
    awaitCounts(before, Map.of(server("/fail/503", 503, "503"), 1,
        server("/fail/exception", 500, "java.lang.IllegalArgumentException"), 1));
  }

  /**
   * Three JDBC statements for one request, on a worker ({@code executeBlocking}), on a worker
   * after {@code compose}, and on the event loop in a timer's {@code runOnContext}: all three are
   * children of the request's server span and counted in its {@code db_count}.
   */
  @Test
  void jdbcAcrossVertxHopsIsInTheRequestsTraceAndCount() {
    int eventsBefore = eventCount();
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    assertEquals("item two hits 1", app.get("/items/2", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").body());
    JsonNode request = newEvents(eventsBefore, 1).get(0);
    assertEquals("/items/:id", text(request, "http_route"));
    assertEquals(traceId, text(request, "trace_id"));
    assertEquals(3, number(request, "db_count"), request.toString());
    String serverSpan = text(request, "span_id");
    List<JsonNode> statements = app.awaitEvents("span", 1, WAIT).stream()
        .filter(s -> traceId.equals(s.path("trace_id").asText()) && "CLIENT".equals(s.path("kind").asText()))
        .collect(Collectors.toList());
    for (long deadline = System.nanoTime() + WAIT.toNanos(); statements.size() < 3 && System.nanoTime() < deadline; ) {
      pause(100);
      statements = app.events("span").stream()
          .filter(s -> traceId.equals(s.path("trace_id").asText()) && "CLIENT".equals(s.path("kind").asText()))
          .collect(Collectors.toList());
    }
    assertEquals(3, statements.size(), statements.toString());
    for (JsonNode statement : statements) {
      assertEquals(serverSpan, statement.path("parent_span_id").asText(), statement.toString());
      assertEquals("h2database", statement.path("attributes").path("db.system.name").asText(), statement.toString());
    }
    assertEquals(List.of("SELECT", "UPDATE", "SELECT"), statements.stream()
        .map(s -> s.path("attributes").path("db.operation.name").asText()).collect(Collectors.toList()));
  }

  @Test
  void aChunkedResponseIsOneRecordEndingAfterTheLastChunk() {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    String body = app.get("/chunked").body();
    assertEquals("chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n", body);
    Map<String, String> series = server("/chunked", 200, "");
    Metrics m = awaitCounts(before, Map.of(series, 1));
    double seconds = m.value(SUM, series) - before.valueOrZero(SUM, series);
    assertTrue(seconds >= 0.4, "duration " + seconds + " s");
    JsonNode event = newEvents(eventsBefore, 1).get(0);
    assertTrue(number(event, "duration_ms") >= 400, event.toString());
  }

  /**
   * A client that leaves mid-response: the request ends once, when Vert.x sees the connection
   * close, as status the response had (200, already sent) with Vert.x's HttpClosedException as
   * error_type; the app's late end() 3 s later adds nothing.
   */
  @Test
  void aClientLeavingMidResponseIsOneRecord() throws Exception {
    Metrics before = app.scrape();
    try (Socket socket = new Socket("127.0.0.1", app.appPort())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /hang HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      while (!seen.toString().contains("started")) {
        int b = in.read();
        assertTrue(b >= 0, "connection closed before the first chunk: " + seen);
        seen.append((char) b);
      }
    }
    Map<String, String> series = server("/hang", 200, CLOSED);
    awaitCounts(before, Map.of(series, 1));
    pause(3500);
    Metrics after = app.scrape();
    assertEquals(1.0, after.value(COUNT, series) - before.valueOrZero(COUNT, series));
    assertEquals(before.sum(COUNT, l -> "/hang".equals(l.get("http_route"))) + 1,
        after.sum(COUNT, l -> "/hang".equals(l.get("http_route"))), after.describe(COUNT));
    assertEquals(0.0, after.value(ACTIVE, active()));
  }

  /** Every hook resolved its Vert.x API on this version: nothing was reported. */
  @Test
  void theVertxHooksReportNoInstrumentationError() {
    assertEquals(200, app.get("/items/1").status());
    assertEquals(List.of(), app.events("instrumentation_error"));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
