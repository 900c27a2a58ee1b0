package io.lantern.testapps.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Jdks;
import io.lantern.harness.Metrics;
import io.lantern.harness.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Service A calls service B through every outbound client, both with the agent, in child JVMs.
 * B echoes the {@code traceparent}/{@code tracestate} it received, which is how the test learns
 * each client span's id. Counts are deltas of A's {@code http_client_request_duration_seconds}
 * series, exact, and the sum over all its series moves by exactly as much (nothing is recorded
 * twice, under any labels). The {@code layered} client is OkHttp whose interceptor sends the
 * request through {@code HttpURLConnection} without copying headers.
 *
 * <p>{@code -Dit.clients} names the clients (the OkHttp 4 build runs only its OkHttp ones),
 * {@code -Dit.okhttp-major} the OkHttp major version the app must report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpClientIT {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String COUNT = "http_client_request_duration_seconds_count";
  static final int CALLS = 3;

  static AgentApp b;
  static AgentApp a;
  /** traceparent trace id -> span id, as B received them (every client span that reached B). */
  static final Map<String, String> clientSpans = new ConcurrentHashMap<>();

  static List<String> clients() {
    return Arrays.asList(System.getProperty("it.clients",
        "jdk,jdk-async,urlconnection,urlconnection-post,okhttp,okhttp-async,apache5,layered").split(","));
  }

  @BeforeAll
  static void start() {
    Path jar = AgentApp.appJarFromProperty();
    b = AgentApp.builder(jar)
        .sysProp("lantern.service.name", "service-b")
        .sysProp("lantern.jdbc.slow-query-threshold-ms", "0")
        .start();
    a = AgentApp.builder(jar).sysProp("lantern.service.name", "service-a").start();
  }

  @AfterAll
  static void stop() {
    for (AgentApp app : new AgentApp[] {a, b}) {
      if (app != null) {
        app.close();
      }
    }
  }

  @Test
  @Order(0)
  void theAppRunsTheOkHttpMajorThisBuildIsFor() {
    String version = a.get("/version/okhttp").body();
    assertTrue(version.startsWith(System.getProperty("it.okhttp-major", "5") + "."), version);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  @Order(1)
  void eachCallIsTimedOnceAndContinuedByB(String client) {
    Map<String, String> series = series(method(client), "200", "");
    Metrics before = a.scrape();
    List<String> requestIds = new ArrayList<>();
    List<String> echoed = new ArrayList<>();
    // The first call continues an inbound trace that has a tracestate, which must reach B too.
    String inboundTrace = hex(32);
    for (int i = 0; i < CALLS; i++) {
      String requestId = client + "-" + UUID.randomUUID();
      Response r = i == 0
          ? call(a, client, b, "/b/ok", "X-Request-ID", requestId,
              "traceparent", "00-" + inboundTrace + "-" + hex(16) + "-01", "tracestate", "vendor=opaque1")
          : call(a, client, b, "/b/ok", "X-Request-ID", requestId);
      Map<String, String> answer = answer(r);
      assertEquals("200", answer.get("status"), r.body());
      requestIds.add(requestId);
      echoed.add(answer.get("body"));
    }
    awaitDelta(a, series, before, CALLS);

    for (int i = 0; i < CALLS; i++) {
      JsonNode aRequest = awaitOne(a, "http_request", requestIdIs(requestIds.get(i)));
      String traceId = aRequest.path("trace_id").asText();
      if (i == 0) {
        assertEquals(inboundTrace, traceId, "A continues the inbound trace");
      }
      String[] traceparent = traceparentSeenByB(echoed.get(i));
      String tracestate = echoed.get(i).split("\\|")[1];
      assertEquals(traceId, traceparent[1], "B received A's trace id");
      assertNotEquals(aRequest.path("span_id").asText(), traceparent[2], "the client span is not A's server span");
      assertEquals("01", traceparent[3], "sampled flag passed on");
      assertEquals(i == 0 ? "vendor=opaque1" : "-", tracestate, "tracestate passed on only when there is one");
      clientSpans.put(traceparent[1], traceparent[2]);

      JsonNode bRequest = awaitOne(b, "http_request", e -> e.path("trace_id").asText().equals(traceId));
      assertEquals("/b/ok", bRequest.path("http_route").asText());
      assertEquals(traceparent[2], bRequest.path("parent_span_id").asText(), "B's parent is A's client span");
      assertEquals(1, bRequest.path("db_count").asInt(), bRequest.toString());
      JsonNode statement = awaitOne(b, "db_query", e -> e.path("trace_id").asText().equals(traceId));
      assertNotEquals(bRequest.path("span_id").asText(), statement.path("span_id").asText(), "B's statement has its own span");
    }
    assertNoAgentErrors();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  @Order(2)
  void a5xxAnswerIsRecordedWithItsStatusAsErrorType(String client) {
    Metrics before = a.scrape();
    String requestId = client + "-fail-" + UUID.randomUUID();
    Response r = call(a, client, b, "/b/fail", "X-Request-ID", requestId);
    Map<String, String> answer = answer(r);
    assertEquals("500", answer.get("status"), r.body());
    awaitDelta(a, series(method(client), "500", "500"), before, 1);

    String traceId = awaitOne(a, "http_request", requestIdIs(requestId)).path("trace_id").asText();
    String[] traceparent = traceparentSeenByB(answer.get("body"));
    assertEquals(traceId, traceparent[1]);
    clientSpans.put(traceparent[1], traceparent[2]);
    JsonNode bRequest = awaitOne(b, "http_request", e -> e.path("trace_id").asText().equals(traceId));
    assertEquals(500, bRequest.path("http_response_status_code").asInt());
    assertEquals(traceparent[2], bRequest.path("parent_span_id").asText());
    assertNoAgentErrors();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  @Order(3)
  void aRefusedConnectionIsRecordedWithTheExceptionTheAppGot(String client) {
    Metrics before = a.scrape();
    int closedPort = AgentApp.freePort();
    Response r = a.get("/call/" + client + "?target=" + encode("http://localhost:" + closedPort + "/b/ok"));
    assertEquals(200, r.status(), r.body());
    String exception = answer(r).get("error");
    assertNotNull(exception, "the client should have thrown: " + r.body());
    assertTrue(exception.endsWith("ConnectException"), exception);
    awaitDelta(a, series(method(client), "", exception), before, 1);
    assertNoAgentErrors();
  }

  @Test
  @Order(4)
  void aCancelledAsyncCallIsRecordedOnceAsCancelled() {
    assumeTrue(clients().contains("jdk-async"), "not a build with the JDK client");
    Metrics before = a.scrape();
    Response r = call(a, "jdk-async-cancel", b, "/b/hang");
    b.get("/b/release");
    assertEquals("java.util.concurrent.CancellationException", answer(r).get("error"), r.body());
    awaitDelta(a, series("GET", "", "java.util.concurrent.CancellationException"), before, 1);
    assertNoAgentErrors();
  }

  @Test
  @Order(5)
  void exemplarsNameTheClientSpansBReceived() {
    assumeTrue(!clientSpans.isEmpty(), "needs the calls of the tests before");
    Metrics open = a.scrapeOpenMetrics();
    List<Metrics.Sample> answered = open.all().stream()
        .filter(s -> s.name().equals("http_client_request_duration_seconds_bucket") && s.exemplar() != null
            && !s.labels().get("http_response_status_code").isEmpty())
        .collect(Collectors.toList());
    assertFalse(answered.isEmpty(), "no exemplar on the client histogram:\n" + open.text());
    for (Metrics.Sample sample : answered) {
      String traceId = sample.exemplar().traceId();
      assertEquals(clientSpans.get(traceId), sample.exemplar().spanId(), "exemplar " + sample + " names no client span B saw");
    }
  }

  @Test
  @Order(6)
  void everyClientWorksOnTemurin25() {
    Optional<Path> temurin = Jdks.temurin25();
    assumeTrue(temurin.isPresent(), "Temurin 25 is not installed");
    assumeTrue(Boolean.parseBoolean(System.getProperty("it.temurin25", "true")), "not run by this build");
    try (AgentApp a25 = AgentApp.builder(AgentApp.appJarFromProperty())
        .javaHome(temurin.get())
        .sysProp("lantern.service.name", "service-a25")
        .start()) {
      for (String client : clients()) {
        Metrics before = a25.scrape();
        String requestId = client + "-25-" + UUID.randomUUID();
        Map<String, String> answer = answer(call(a25, client, b, "/b/ok", "X-Request-ID", requestId));
        assertEquals("200", answer.get("status"), client + ": " + answer);
        awaitDelta(a25, series(method(client), "200", ""), before, 1);
        String traceId = awaitOne(a25, "http_request", requestIdIs(requestId)).path("trace_id").asText();
        String[] traceparent = traceparentSeenByB(answer.get("body"));
        assertEquals(traceId, traceparent[1], client);
        JsonNode bRequest = awaitOne(b, "http_request", e -> e.path("trace_id").asText().equals(traceId));
        assertEquals(traceparent[2], bRequest.path("parent_span_id").asText(), client);
      }
      assertEquals(List.of(), a25.events("instrumentation_error"));
    }
  }

  // ------------------------------------------------------------------ helpers

  static String method(String client) {
    return client.endsWith("-post") ? "POST" : "GET";
  }

  static Map<String, String> series(String method, String status, String errorType) {
    return Map.of("http_request_method", method, "http_response_status_code", status,
        "server_address", "localhost", "error_type", errorType);
  }

  static Response call(AgentApp from, String client, AgentApp to, String path, String... headers) {
    Response r = from.get("/call/" + client + "?target=" + encode("http://localhost:" + to.appPort() + path), headers);
    assertEquals(200, r.status(), client + ": " + r.body());
    return r;
  }

  static Map<String, String> answer(Response r) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : r.body().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return fields;
  }

  /**
   * Waits until the series grew by exactly {@code delta} from {@code before}, then checks, after a
   * pause, that it and the sum over every client series grew by exactly that much.
   */
  static void awaitDelta(AgentApp app, Map<String, String> series, Metrics before, int delta) {
    double expected = before.valueOrZero(COUNT, series) + delta;
    Metrics after = app.awaitMetric(COUNT, series, expected, WAIT);
    assertEquals(before.sum(COUNT) + delta, after.sum(COUNT),
        "every client series together moved by more than this one:\n" + after.describe(COUNT));
  }

  /** The parts of the traceparent B echoed ({@code <traceparent>|<tracestate>}), checked for shape. */
  static String[] traceparentSeenByB(String echoed) {
    String[] traceparent = echoed.split("\\|")[0].split("-");
    assertEquals(4, traceparent.length, "B got no traceparent: " + echoed);
    assertEquals("00", traceparent[0], echoed);
    assertEquals(32, traceparent[1].length(), echoed);
    assertEquals(16, traceparent[2].length(), echoed);
    return traceparent;
  }

  static Predicate<JsonNode> requestIdIs(String requestId) {
    return e -> requestId.equals(e.path("request_id").asText());
  }

  /** Waits for the one event of this name matching; fails when none or more than one match. */
  static JsonNode awaitOne(AgentApp app, String event, Predicate<JsonNode> matching) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<JsonNode> found;
    while ((found = app.events(event).stream().filter(matching).collect(Collectors.toList())).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no matching '" + event + "' event\n" + app.diagnostics());
      }
      sleep(100);
    }
    assertEquals(1, found.size(), "more than one matching '" + event + "' event: " + found);
    return found.get(0);
  }

  static void assertNoAgentErrors() {
    for (AgentApp app : Set.of(a, b)) {
      assertEquals(List.of(), app.events("instrumentation_error"), "the agent's own code failed");
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String hex(int digits) {
    StringBuilder out = new StringBuilder();
    while (out.length() < digits) {
      out.append(Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 16)));
    }
    return out.toString();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
