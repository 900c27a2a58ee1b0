package io.lantern.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Acceptance checks every instrumented HTTP server must pass with the agent attached (contract
 * sections 3, 4, 5). A subclass names the app jar and its route templates; one app is started for
 * the class and shared, so every check works on deltas after {@link AgentApp#awaitQuiet()}; checks
 * that need a clean process start their own.
 *
 * <p>Every app serves {@code /hello}, {@code /users/{id}}, {@code /error} (throws
 * {@code IllegalStateException("boom")}) and {@code /status/{code}}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class HttpServerAgentSuite {
  public static final String DURATION = "http_server_request_duration_seconds";
  public static final String COUNT = DURATION + "_count";
  public static final String SUM = DURATION + "_sum";
  public static final String BUCKET = DURATION + "_bucket";
  public static final String ACTIVE = "http_server_active_requests";
  public static final String TENANT_HEADER = "X-Tenant";
  public static final String ISE = "java.lang.IllegalStateException";
  public static final Duration WAIT = Duration.ofSeconds(10);
  public static final Set<String> SERVER_LABELS =
      Set.of("http_request_method", "http_route", "http_response_status_code", "url_scheme", "error_type");
  public static final List<Double> BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0,
      2.5, 5.0, 7.5, 10.0, Double.POSITIVE_INFINITY);
  public static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  public static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
  public static final Pattern TRACE_FLAGS = Pattern.compile("[0-9a-f]{2}");
  public static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");

  /** The app shared by the checks of this class (started with the tenant header configured). */
  protected AgentApp app;

  /** The app jar under test; by default the one failsafe names in {@code app.jar}. */
  protected Path appJar() {
    return AgentApp.appJarFromProperty();
  }

  /** {@code http_route} of {@code /users/{id}}: {@code /users/*} for servlets, {@code /users/} for the JDK server. */
  protected abstract String usersRoute();

  /** {@code http_route} of {@code /status/{code}}. */
  protected abstract String statusRoute();

  /** Whether the server itself answers 500 when a handler throws (servlet containers do). */
  protected abstract boolean answersThrowingHandlerWith500();

  /** Extra settings for every app this class starts. */
  protected AgentApp.Builder configure(AgentApp.Builder builder) {
    return builder;
  }

  /** Paths whose status and body must be the same with and without the agent. */
  protected List<String> transparentPaths() {
    return List.of("/hello", "/users/7", "/status/404", "/status/503");
  }

  @BeforeAll
  void startSharedApp() {
    app = configure(AgentApp.builder(appJar()).sysProp("lantern.http.server.tenant-header", TENANT_HEADER)).start();
  }

  @AfterAll
  void stopSharedApp() {
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void settle() {
    if (app != null) {
      app.awaitQuiet();
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The exact label set of a GET over http. */
  public static Map<String, String> server(String route, int status, String errorType) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("http_request_method", "GET");
    m.put("http_route", route);
    m.put("http_response_status_code", String.valueOf(status));
    m.put("url_scheme", "http");
    m.put("error_type", errorType);
    return m;
  }

  public static Map<String, String> active() {
    return Map.of("http_request_method", "GET", "url_scheme", "http");
  }

  /**
   * Waits until every series in {@code deltas} grew by its delta since {@code before}, then checks,
   * after a pause, that each grew by exactly that.
   */
  protected Metrics awaitCounts(AgentApp target, Metrics before, Map<Map<String, String>, Integer> deltas) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Metrics m;
    while (true) {
      m = target.scrape();
      Metrics now = m;
      boolean reached = deltas.entrySet().stream().allMatch(e ->
          now.valueOrZero(COUNT, e.getKey()) - before.valueOrZero(COUNT, e.getKey()) >= e.getValue());
      if (reached) {
        break;
      }
      if (System.nanoTime() > deadline) {
        fail("counts did not grow by " + deltas + " within " + WAIT + "\nbefore:\n" + before.describe(COUNT)
            + "now:\n" + m.describe(COUNT));
      }
      AgentApp.sleep(100);
    }
    AgentApp.sleep(300);
    m = target.scrape();
    for (Map.Entry<Map<String, String>, Integer> e : deltas.entrySet()) {
      double delta = m.valueOrZero(COUNT, e.getKey()) - before.valueOrZero(COUNT, e.getKey());
      assertEquals(e.getValue().doubleValue(), delta, "growth of " + COUNT + e.getKey() + "\n" + m.describe(COUNT));
    }
    return m;
  }

  protected Metrics awaitCounts(Metrics before, Map<Map<String, String>, Integer> deltas) {
    return awaitCounts(app, before, deltas);
  }

  /** Exactly {@code n} http_request events after the first {@code before}; fails if more arrive. */
  protected List<JsonNode> newEvents(AgentApp target, int before, int n) {
    List<JsonNode> all = target.awaitExactly("http_request", before + n, WAIT);
    return all.subList(before, before + n);
  }

  protected List<JsonNode> newEvents(int before, int n) {
    return newEvents(app, before, n);
  }

  protected int eventCount() {
    return app.events("http_request").size();
  }

  /** What the client sees from {@code /error}: 500 from a servlet container, nothing or 500 elsewhere. */
  protected void assertThrowingHandlerAnswer(Optional<Response> answer) {
    if (answersThrowingHandlerWith500()) {
      assertTrue(answer.isPresent(), "the container must answer a throwing servlet");
      assertEquals(500, answer.get().status(), answer.get().toString());
    } else {
      answer.ifPresent(r -> assertEquals(500, r.status(), r.toString()));
    }
  }

  protected static String text(JsonNode event, String field) {
    JsonNode v = event.get(field);
    assertTrue(v != null && v.isTextual(), "field " + field + " must be a string in " + event);
    return v.asText();
  }

  protected static double number(JsonNode event, String field) {
    JsonNode v = event.get(field);
    assertTrue(v != null && v.isNumber(), "field " + field + " must be a number in " + event);
    return v.asDouble();
  }

  /**
   * {@code threads} × {@code perThread} GETs of {@code path}, each on its own connection: every answer 200, the series grows by
   * exactly that many, and exactly that many http_request events are written.
   */
  public static void assertConcurrentRequestsCountedExactly(AgentApp target, String path, Map<String, String> series,
      int threads, int perThread) throws Exception {
    target.awaitQuiet();
    Metrics before = target.scrape();
    int eventsBefore = target.events("http_request").size();
    int total = threads * perThread;
    AtomicInteger ok = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            try {
              // One socket per request, never retried: HttpClient silently repeats a GET whose
              // pooled connection dies, which the server rightly counts twice.
              Optional<Response> r = target.rawGet(path);
              if (r.isPresent() && r.get().status() == 200) {
                ok.incrementAndGet();
              } else if (failures.size() < 10) {
                failures.add(r.map(Response::toString).orElse("closed without an answer"));
              }
            } catch (RuntimeException e) {
              if (failures.size() < 10) {
                failures.add(e.toString());
              }
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(total, ok.get(), "answers that were not 200: " + failures);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    double expected = before.valueOrZero(COUNT, series) + total;
    Metrics m;
    while (true) {
      m = target.scrape();
      if (m.valueOrZero(COUNT, series) >= expected || System.nanoTime() > deadline) {
        break;
      }
      AgentApp.sleep(100);
    }
    AgentApp.sleep(300);
    m = target.scrape();
    assertEquals(expected, m.valueOrZero(COUNT, series), COUNT + series + "\n" + m.describe(COUNT));
    assertEquals(0.0, m.value(ACTIVE, active()), "active requests after the load");
    target.awaitExactly("http_request", eventsBefore + total, Duration.ofSeconds(30));
  }

  // ------------------------------------------------------------------ checks

  @Test
  void countsEveryRouteExactly() {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    for (int i = 0; i < 30; i++) {
      assertEquals(200, app.get("/hello").status());
    }
    for (int i = 0; i < 20; i++) {
      Response r = app.get("/users/" + (500 + i));
      assertEquals(200, r.status());
      assertEquals("user " + (500 + i), r.body());
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(404, app.get("/status/404").status());
    }
    for (int i = 0; i < 5; i++) {
      assertThrowingHandlerAnswer(app.rawGet("/error"));
    }
    Map<Map<String, String>, Integer> deltas = new LinkedHashMap<>();
    deltas.put(server("/hello", 200, ""), 30);
    deltas.put(server(usersRoute(), 200, ""), 20);
    deltas.put(server(statusRoute(), 404, ""), 10);
    deltas.put(server("/error", 500, ISE), 5);
    awaitCounts(before, deltas);

    List<JsonNode> events = newEvents(eventsBefore, 65);
    Map<String, Long> byRoute = events.stream()
        .collect(Collectors.groupingBy(e -> e.path("http_route").asText(), Collectors.counting()));
    assertEquals(Map.of("/hello", 30L, usersRoute(), 20L, statusRoute(), 10L, "/error", 5L), byRoute);
  }

  @Test
  void seriesHaveExactlyTheContractLabelsAndBuckets() {
    Metrics before = app.scrape();
    assertEquals(200, app.get("/hello").status());
    Metrics m = awaitCounts(before, Map.of(server("/hello", 200, ""), 1));
    assertEquals("histogram", m.type(DURATION), "# TYPE of " + DURATION);
    assertEquals("gauge", m.type(ACTIVE), "# TYPE of " + ACTIVE);
    for (Map<String, String> labels : m.labelSets(COUNT)) {
      assertEquals(SERVER_LABELS, labels.keySet(), "labels of " + COUNT + labels);
    }
    for (Map<String, String> labels : m.labelSets(SUM)) {
      assertEquals(SERVER_LABELS, labels.keySet(), "labels of " + SUM + labels);
    }
    Set<String> bucketLabels = new HashSet<>(SERVER_LABELS);
    bucketLabels.add("le");
    for (Map<String, String> labels : m.labelSets(BUCKET)) {
      assertEquals(bucketLabels, labels.keySet(), "labels of " + BUCKET + labels);
    }
    for (Map<String, String> labels : m.labelSets(ACTIVE)) {
      assertEquals(Set.of("http_request_method", "url_scheme"), labels.keySet(), "labels of " + ACTIVE + labels);
    }
    Map<String, String> hello = server("/hello", 200, "");
    List<Double> les = m.samples(BUCKET).stream()
        .filter(s -> {
          Map<String, String> l = new LinkedHashMap<>(s.labels());
          l.remove("le");
          return l.equals(hello);
        })
        .map(s -> Metrics.le(s.labels().get("le")))
        .sorted()
        .collect(Collectors.toList());
    assertEquals(BUCKETS, les, "bucket bounds of " + hello);
    double count = m.value(COUNT, hello);
    Map<String, String> inf = new LinkedHashMap<>(hello);
    inf.put("le", m.samples(BUCKET).stream().map(s -> s.labels().get("le"))
        .filter(le -> Metrics.le(le) == Double.POSITIVE_INFINITY).findFirst().orElse("+Inf"));
    assertEquals(count, m.value(BUCKET, inf), "+Inf bucket equals _count");
  }

  @Test
  void activeRequestsSettleToZero() {
    assertEquals(200, app.get("/hello").status());
    app.awaitMetrics(ACTIVE + active() + " == 0",
        m -> m.has(ACTIVE, active()) && m.value(ACTIVE, active()) == 0.0, WAIT);
  }

  @Test
  void routesAreTemplatesNeverRawIds() {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    for (int i = 0; i < 1000; i++) {
      assertEquals(200, app.get("/users/" + (7_000_000 + i)).status());
    }
    Metrics m = awaitCounts(before, Map.of(server(usersRoute(), 200, ""), 1000));
    Set<Map<String, String>> usersSeries = m.labelSets(COUNT).stream()
        .filter(l -> l.getOrDefault("http_route", "").startsWith("/users"))
        .collect(Collectors.toSet());
    assertEquals(Set.of(server(usersRoute(), 200, "")), usersSeries, "series for /users/{id}");
    Pattern rawId = Pattern.compile(".*7000\\d{3}.*", Pattern.DOTALL);
    for (String value : m.allLabelValues()) {
      assertFalse(rawId.matcher(value).matches(), "raw id in label value " + value);
    }
    List<JsonNode> events = newEvents(eventsBefore, 1000);
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      assertEquals(usersRoute(), e.path("http_route").asText(), e.toString());
      assertTrue(e.path("url_path").asText().matches("/users/7000\\d{3}"), "url_path is the raw path: " + e);
    }
  }

  @Test
  void throwingHandlerIsA500WithErrorTypeAndTheAppKeepsServing() {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    assertThrowingHandlerAnswer(app.rawGet("/error"));
    Response after = app.get("/hello");
    assertEquals(200, after.status());
    assertEquals("hello", after.body());
    awaitCounts(before, Map.of(server("/error", 500, ISE), 1, server("/hello", 200, ""), 1));
    List<JsonNode> events = newEvents(eventsBefore, 2);
    JsonNode error = events.stream().filter(e -> "/error".equals(e.path("url_path").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no http_request event for /error in " + events));
    assertEquals("/error", text(error, "http_route"));
    assertEquals(500, number(error, "http_response_status_code"));
    assertEquals(ISE, text(error, "error_type"));
  }

  @Test
  void statusCodesAreRecordedAnd5xxIsAnError() {
    Metrics before = app.scrape();
    assertEquals(404, app.get("/status/404").status());
    assertEquals(503, app.get("/status/503").status());
    awaitCounts(before, Map.of(server(statusRoute(), 404, ""), 1, server(statusRoute(), 503, "503"), 1));
  }

  @Test
  void helloIsCountedOnceThroughTheFilters() {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    assertEquals("hello", app.get("/hello").body());
    Metrics m = awaitCounts(before, Map.of(server("/hello", 200, ""), 1));
    Set<Map<String, String>> grown = m.labelSets(COUNT).stream()
        .filter(l -> m.value(COUNT, l) != before.valueOrZero(COUNT, l))
        .collect(Collectors.toSet());
    assertEquals(Set.of(server("/hello", 200, "")), grown, "series that grew");
    assertEquals("/hello", newEvents(eventsBefore, 1).get(0).path("http_route").asText());
  }

  @Test
  void httpRequestEventCarriesTheContractFields() {
    int eventsBefore = eventCount();
    Response r = app.get("/users/42?q=1", "X-Request-ID", "abc", TENANT_HEADER, "acme");
    assertEquals(200, r.status());
    JsonNode e = newEvents(eventsBefore, 1).get(0);
    assertEquals("GET", text(e, "http_request_method"));
    assertEquals(usersRoute(), text(e, "http_route"));
    assertEquals("/users/42", text(e, "url_path"));
    assertEquals(200, number(e, "http_response_status_code"));
    assertTrue(number(e, "duration_ms") >= 0, e.toString());
    assertEquals(0, number(e, "db_count"));
    assertEquals(0, number(e, "db_duration_ms"));
    assertTrue(TRACE_ID.matcher(text(e, "trace_id")).matches(), e.toString());
    assertTrue(SPAN_ID.matcher(text(e, "span_id")).matches(), e.toString());
    assertTrue(TRACE_FLAGS.matcher(text(e, "trace_flags")).matches(), e.toString());
    assertEquals("abc", text(e, "request_id"));
    assertEquals("acme", text(e, "tenant"));
    assertFalse(e.has("error_type") && !e.get("error_type").asText().isEmpty(), "no error_type on a 200: " + e);
  }

  @Test
  void inboundTraceparentIsContinued() {
    int eventsBefore = eventCount();
    assertEquals(200, app.get("/hello", "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .status());
    JsonNode e = newEvents(eventsBefore, 1).get(0);
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", text(e, "trace_id"));
    assertEquals("00f067aa0ba902b7", text(e, "parent_span_id"));
    String span = text(e, "span_id");
    assertTrue(SPAN_ID.matcher(span).matches(), e.toString());
    assertNotEquals("00f067aa0ba902b7", span);
    assertNotEquals("0000000000000000", span);
    assertEquals("01", text(e, "trace_flags"));
  }

  @Test
  void requestsWithoutTraceparentStartNewSampledTraces() {
    int eventsBefore = eventCount();
    assertEquals(200, app.get("/hello").status());
    assertEquals(200, app.get("/hello").status());
    List<JsonNode> events = newEvents(eventsBefore, 2);
    String a = text(events.get(0), "trace_id");
    String b = text(events.get(1), "trace_id");
    assertTrue(TRACE_ID.matcher(a).matches() && !a.equals("0".repeat(32)), a);
    assertTrue(TRACE_ID.matcher(b).matches() && !b.equals("0".repeat(32)), b);
    assertNotEquals(a, b, "each request starts its own trace");
    assertEquals("01", text(events.get(0), "trace_flags"), "sampler ratio defaults to 1.0");
  }

  @Test
  void exemplarOnABucketLinksToTheRequestTrace() {
    try (AgentApp fresh = configure(AgentApp.builder(appJar())).start()) {
      assertEquals(200, fresh.get("/hello").status());
      JsonNode e = fresh.awaitExactly("http_request", 1, WAIT).get(0);
      String traceId = text(e, "trace_id");
      String spanId = text(e, "span_id");
      long deadline = System.nanoTime() + WAIT.toNanos();
      Metrics om;
      while (true) {
        om = fresh.scrapeOpenMetrics();
        boolean found = om.exemplars(BUCKET).stream()
            .anyMatch(x -> traceId.equals(x.traceId()) && spanId.equals(x.spanId()));
        if (found) {
          break;
        }
        if (System.nanoTime() > deadline) {
          fail("no exemplar {trace_id=" + traceId + ", span_id=" + spanId + "} on " + BUCKET + "; exemplars: "
              + om.exemplars(BUCKET) + "\n" + om.text());
        }
        AgentApp.sleep(100);
      }
      assertEquals(1.0, om.value(COUNT, server("/hello", 200, "")), om.describe(COUNT));
    }
  }

  @Test
  void targetInfoHealthAndJvmMetrics() {
    Metrics m = app.scrape();
    List<Metrics.Sample> target = m.samples("target_info");
    assertEquals(1, target.size(), m.describe("target_info"));
    String service = target.get(0).labels().get("service_name");
    assertTrue(service != null && !service.isBlank(), "service_name of target_info: " + target);
    Response healthy = app.metricsGet("/-/healthy");
    assertEquals(200, healthy.status(), healthy.toString());
    for (String name : List.of("jvm_memory_used_bytes", "jvm_thread_count", "jvm_class_count", "jvm_cpu_count")) {
      assertFalse(m.samples(name).isEmpty(), name + " is missing; names: " + m.names());
    }
    assertTrue(m.samples("jvm_cpu_count").get(0).value() >= 1, m.describe("jvm_cpu_count"));
  }

  @Test
  void agentStartAndMetricsListenAreLoggedOnce() {
    JsonNode start = app.awaitExactly("agent_start", 1, WAIT).get(0);
    assertFalse(text(start, "version").isBlank(), start.toString());
    assertTrue(start.path("instrumentations").isArray(), "instrumentations must be an array: " + start);
    assertFalse(text(start, "java_version").isBlank(), start.toString());
    JsonNode listen = app.awaitExactly("metrics_listen", 1, WAIT).get(0);
    assertFalse(text(listen, "address").isBlank(), listen.toString());
  }

  @Test
  void everyLogLineIsAWellFormedEvent() {
    assertEquals(200, app.get("/hello").status());
    app.awaitQuiet();
    List<JsonNode> events = app.events();
    assertFalse(events.isEmpty());
    for (JsonNode e : events) {
      assertTrue(TIMESTAMP.matcher(text(e, "timestamp")).matches(), "RFC 3339 UTC with microseconds: " + e);
      for (String field : List.of("level", "service", "event", "message")) {
        assertTrue(e.hasNonNull(field), "common field " + field + " missing: " + e);
      }
      assertFalse(e.has("_schema_error"), "schema error: " + e);
    }
  }

  @Test
  void scrapesOfTheAgentEndpointAreNotApplicationRequests() {
    int eventsBefore = eventCount();
    Metrics before = app.scrape();
    for (int i = 0; i < 3; i++) {
      app.scrape();
      app.scrapeOpenMetrics();
      assertEquals(200, app.metricsGet("/-/healthy").status());
    }
    AgentApp.sleep(500);
    Metrics after = app.scrape();
    assertEquals(before.sum(COUNT), after.sum(COUNT), "scrapes must not be counted\n" + after.describe(COUNT));
    assertEquals(eventsBefore, eventCount(), "scrapes must not be logged as http_request");
  }

  @Test
  void answersTheSameWithoutTheAgent() {
    try (AgentApp plain = configure(AgentApp.builder(appJar()).withoutAgent()).start()) {
      for (String path : transparentPaths()) {
        Response with = app.get(path);
        Response without = plain.get(path);
        assertEquals(without.status(), with.status(), path);
        assertEquals(without.body(), with.body(), path);
      }
      Optional<Response> with = app.rawGet("/error");
      Optional<Response> without = plain.rawGet("/error");
      assertEquals(without.isPresent(), with.isPresent(), "/error answered with the agent iff without");
      if (with.isPresent()) {
        assertEquals(without.get().status(), with.get().status(), "/error");
      }
      assertTrue(plain.stdout().contains("LISTENING"), "plain app prints LISTENING");
    }
  }

  /** Sorted listing of label sets, for messages. */
  protected static String listing(Set<Map<String, String>> sets) {
    return sets.stream().map(l -> new java.util.TreeMap<>(l).toString()).collect(Collectors.toCollection(TreeSet::new))
        .toString();
  }
}
