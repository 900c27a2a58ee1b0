package io.lantern.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (exemplar storage on, deploy/'s rules loaded) scraping the demo app with the
 * agent in a child JVM, under traffic on every route; then every dashboard query and every rule
 * is evaluated on it, exemplars are matched to the agent's events, and the Loki queries are
 * checked against the event lines the agent wrote.
 */
class StackIT {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
  /** The events the contract (section 4) defines; a dashboard may filter only on these. */
  static final Set<String> CONTRACT_EVENTS = Set.of("agent_start", "config_warning", "metrics_listen", "metrics_error",
      "http_request", "db_query", "db_repeated_query", "gen_ai_call", "instrumentation_error", "log");
  static final Set<String> LEVELS = Set.of("DEBUG", "INFO", "WARN", "ERROR");

  /**
   * What Grafana substitutes, for a Prometheus datasource whose scrape interval (timeInterval) is
   * the test's 1 s, a dashboard showing the last 5 minutes with about 60 points per panel:
   * $__interval 5s; $__rate_interval = max($__interval + scrape interval, 4 x scrape interval) = 6s.
   */
  static final long RANGE_SECONDS = 300;
  static final long STEP_SECONDS = 5;
  static final Map<String, String> GRAFANA_BUILTINS = Map.of("__interval", "5s", "__interval_ms", "5000",
      "__rate_interval", "6s", "__range", RANGE_SECONDS + "s", "__range_s", String.valueOf(RANGE_SECONDS),
      "__range_ms", String.valueOf(RANGE_SECONDS * 1000), "__auto", "5s");

  static AgentApp app;
  static Prometheus prometheus;
  static String instance;
  /** Requests sent per route and status, as the agent labels them. */
  static final Map<String, Integer> sent = new TreeMap<>();
  /** AI calls made: blocking, streaming, and failed ones by error type. */
  static final Map<String, Integer> aiCalls = new TreeMap<>();

  @BeforeAll
  static void startStack() throws Exception {
    app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("lantern.service.name", "lantern-demo")
        .sysProp("lantern.methods.include", "com.example.demo.DemoOperations[greet,fail]")
        .sysProp("lantern.logs.capture", "true") // as in docker-compose.yml: the demo's JUL records become `log` events
        .jvmArg("-Xmx64m")
        .start();
    instance = "127.0.0.1:" + app.metricsPort();
    prometheus = Prometheus.scraping(instance);

    // One request per route first, so every series exists in Prometheus before the counted
    // traffic (Prometheus 2.x does not count a counter's first appearance as an increase).
    request("/hello", "/hello", 200);
    request("/users/0", "/users/", 200);
    request("/users/", "/users/", 404);
    request("/slow", "/slow", 200);
    request("/error", "/error", 500);
    ask("/ask");
    ask("/ask/stream");
    ask("/ask/limited");
    prometheus.await("the first scrape with every route", () -> count("") == 11, 20, () -> "\n--- app ---\n" + app.diagnostics());
    Prometheus.sleep(1500); // two more scrapes of the same values

    for (int i = 1; i <= 20; i++) {
      request("/hello", "/hello", 200);
      request("/users/" + i, "/users/", 200);
      if (i % 2 == 0) {
        request("/error", "/error", 500);
      }
      if (i % 10 == 0) {
        request("/slow", "/slow", 200);
      }
      if (i % 5 == 0) {
        ask("/ask");
        ask("/ask/stream");
      }
      if (i == 10) {
        ask("/ask/limited");
      }
      Prometheus.sleep(50);
    }
    // exemplars are replaced at most once a second per bucket: this one must be the latest on /slow
    Prometheus.sleep(1100);
    assertEquals(200, app.get("/slow", "traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01").status());
    sent.merge("/slow 200", 1, Integer::sum);
    app.awaitQuiet();

    int total = sent.values().stream().mapToInt(Integer::intValue).sum();
    prometheus.await("Prometheus to scrape all " + total + " requests", () -> count("") == total, 20, () -> "\n--- app ---\n" + app.diagnostics());
    // every rule evaluated at least twice after that scrape
    Prometheus.sleep(2500);
  }

  private static void request(String path, String route, int status) {
    if (status == 500) {
      // the JDK HttpServer closes the connection when a handler throws: no answer to read
      app.rawGet(path);
    } else {
      assertEquals(status, app.get(path).status(), path);
    }
    sent.merge(route + " " + status, 1, Integer::sum);
  }

  /**
   * One question to the demo's language model: its OpenAI SDK calls the fake provider in the same
   * JVM, whose requests the agent sees too (route {@code /}). {@code /ask/limited} is answered 429:
   * the SDK throws, the handler fails.
   */
  private static void ask(String path) {
    boolean limited = path.equals("/ask/limited");
    request(path, "/ask", limited ? 500 : 200);
    sent.merge(limited ? "/ 429" : "/ 200", 1, Integer::sum);
    aiCalls.merge(limited ? "com.openai.errors.RateLimitException" : path.equals("/ask") ? "blocking" : "streaming", 1, Integer::sum);
  }

  private static double count(String extraMatchers) {
    return prometheus.valueOrZero("sum(http_server_request_duration_seconds_count{job=\"lantern\"" + extraMatchers + "})");
  }


  @AfterAll
  static void stopStack() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (app != null) {
      app.close();
    }
  }

  // ---------------------------------------------------------------- scrape

  @Test
  void prometheusScrapedTheAgentWithExactCounts() {
    assertEquals(1.0, prometheus.scalar("up{job=\"lantern\", instance=\"" + instance + "\"}"));
    Map<String, Integer> scraped = new TreeMap<>();
    for (JsonNode s : prometheus.query("sum by (http_route, http_response_status_code) "
        + "(http_server_request_duration_seconds_count{job=\"lantern\"})")) {
      scraped.put(s.path("metric").path("http_route").asText() + " " + s.path("metric").path("http_response_status_code").asText(),
          (int) Double.parseDouble(s.path("value").get(1).asText()));
    }
    assertEquals(sent, scraped);
    assertEquals(Map.of("/error 500", 11, "/hello 200", 21, "/slow 200", 4, "/users/ 200", 21, "/users/ 404", 1,
        "/ask 200", 10, "/ask 500", 2, "/ 200", 10, "/ 429", 2), scraped);
  }

  @Test
  void prometheusScrapedTheAiCallsWithExactCounts() {
    assertEquals(Map.of("blocking", 5, "streaming", 5, "com.openai.errors.RateLimitException", 2), aiCalls);
    String sel = "{job=\"lantern\", gen_ai_provider_name=\"openai\", gen_ai_request_model=\"gpt-4o-mini\"";
    assertEquals(10.0, prometheus.scalar("sum(gen_ai_client_operation_duration_seconds_count" + sel + ", error_type=\"\"})"));
    assertEquals(2.0, prometheus.scalar("sum(gen_ai_client_operation_duration_seconds_count" + sel
        + ", error_type=\"com.openai.errors.RateLimitException\"})"));
    assertEquals(5.0, prometheus.scalar("sum(gen_ai_client_operation_time_to_first_chunk_seconds_count" + sel + "})"));
    assertEquals(10.0, prometheus.scalar("sum(gen_ai_client_token_usage_count" + sel + ", gen_ai_token_type=\"input\"})"));
    assertTrue(prometheus.scalar("sum(lantern_gen_ai_client_cost_usd_total" + sel + "})") > 0);
    // the demo's answers carry rate-limit headers (its 429s none): limits exact, headroom at least half
    String openai = "{job=\"lantern\", gen_ai_provider_name=\"openai\", lantern_rate_limit_kind=";
    assertEquals(500.0, prometheus.scalar("sum(lantern_gen_ai_rate_limit_limit" + openai + "\"requests\"})"));
    assertEquals(200000.0, prometheus.scalar("sum(lantern_gen_ai_rate_limit_limit" + openai + "\"tokens\"})"));
    double headroom = prometheus.scalar("min(lantern_gen_ai_rate_limit_remaining" + openai + "\"requests\"})");
    assertTrue(headroom >= 250 && headroom < 500, "remaining requests " + headroom);
  }

  // ---------------------------------------------------------------- dashboards

  /** Values of the dashboard variables: one instance, and "All". */
  private static List<Map<String, String>> prometheusBindings() {
    List<Map<String, String>> out = new ArrayList<>();
    // Grafana regex-escapes a selected value in =~ (PromQL text 127\\\\.0\\\\.0\\\\.1:port); "All" is the allValue
    for (String inst : List.of(instance.replace(".", "\\\\."), ".+")) {
      Map<String, String> b = new LinkedHashMap<>(GRAFANA_BUILTINS);
      b.put("job", "lantern");
      b.put("instance", inst);
      out.add(b);
    }
    return out;
  }

  @Test
  void everyPrometheusDashboardQueryReturnsSeries() {
    List<String> failures = new ArrayList<>();
    int evaluated = 0;
    for (Dashboards.Dashboard d : Dashboards.ofType("prometheus")) {
      for (Dashboards.Query q : Dashboards.queries(d)) {
        if (q.expr().contains("rpc_server_")) {
          continue; // the demo app serves no gRPC: RpcStackIT evaluates these on the gRPC app
        }
        if (d.json().path("uid").asText().equals("lantern-ai")) {
          continue; // the demo makes chat calls only: AiStackIT evaluates the AI dashboard, under both GenAI name sets
        }
        for (Map<String, String> binding : prometheusBindings()) {
          String expr = Dashboards.substitute(q.expr(), binding);
          JsonNode answer = q.instant()
              ? prometheus.api("/api/v1/query", "query", expr)
              : prometheus.api("/api/v1/query_range", "query", expr, "start", String.valueOf(prometheus.nowSeconds() - RANGE_SECONDS),
                  "end", String.valueOf(prometheus.nowSeconds()), "step", STEP_SECONDS + "s");
          evaluated++;
          if (!"success".equals(answer.path("status").asText())) {
            failures.add(q + "\n    " + expr + "\n    -> " + answer.path("error").asText());
          } else if (answer.path("data").path("result").size() == 0) {
            failures.add(q + "\n    " + expr + "\n    -> no series");
          }
        }
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + evaluated + " dashboard queries failed:\n" + String.join("\n", failures));
    assertTrue(evaluated >= 2 * 35, "evaluated only " + evaluated);
  }

  private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((?:(.+),\\s*)?(\\w+)\\)$");

  @Test
  void prometheusVariableQueriesFindTheJobAndInstance() {
    for (Dashboards.Dashboard d : Dashboards.ofType("prometheus")) {
      for (JsonNode v : d.variables()) {
        if (!v.path("type").asText().equals("query")) {
          continue;
        }
        Matcher m = LABEL_VALUES.matcher(Dashboards.substitute(v.path("definition").asText(), prometheusBindings().get(0)));
        assertTrue(m.matches(), d.name() + " variable " + v.path("name") + ": " + v.path("definition"));
        JsonNode values = prometheus.data(v.path("definition").asText(),
            prometheus.api("/api/v1/label/" + m.group(2) + "/values", "match[]", m.group(1)));
        String expected = v.path("name").asText().equals("job") ? "lantern" : instance;
        Set<String> found = new HashSet<>();
        values.forEach(x -> found.add(x.asText()));
        assertTrue(found.contains(expected), d.name() + " $" + v.path("name").asText() + " offers " + found);
      }
    }
  }

  // ---------------------------------------------------------------- rules

  @Test
  void everyRuleLoadsAndEvaluatesOnRealSeries() {
    int inFiles = 0;
    List<String> exprs = new ArrayList<>();
    for (var f : Deploy.files("prometheus/rules", ".yml")) {
      for (JsonNode g : Deploy.readYaml(f).path("groups")) {
        for (JsonNode r : g.path("rules")) {
          inFiles++;
          exprs.add(r.path("expr").asText());
        }
      }
    }
    List<JsonNode> loaded = prometheus.rules();
    assertEquals(inFiles, loaded.size(), "rules Prometheus loaded");
    for (JsonNode r : loaded) {
      assertEquals("ok", r.path("health").asText(), r.path("name").asText() + ": " + r.path("lastError").asText());
      assertFalse(r.path("lastEvaluation").asText().startsWith("0001"), r.path("name").asText() + " never evaluated");
    }
    for (String expr : exprs) {
      prometheus.query(expr); // fails on a Prometheus error
    }

    // the recording rules the HTTP and JVM alerts use have series for the demo app
    String sel = "{job=\"lantern\", instance=\"" + instance + "\"}";
    assertTrue(prometheus.scalar("job_instance:http_server_requests:rate5m" + sel) > 0);
    double errorRatio = prometheus.scalar("job_instance:http_server_5xx_ratio:rate5m" + sel);
    assertTrue(errorRatio > 0.05 && errorRatio < 0.5, "5xx ratio " + errorRatio);
    assertEquals(6, prometheus.query("job_instance_route:http_server_request_duration_seconds:p95_5m" + sel).size());
    double heap = prometheus.scalar("job_instance:jvm_heap_used:ratio" + sel);
    assertTrue(heap > 0 && heap < 1, "heap ratio " + heap);

    // 10 of the 53 counted requests failed: LanternHighErrorRate is pending (it needs 5 minutes to fire)
    JsonNode alerts = prometheus.query("ALERTS{alertname=\"LanternHighErrorRate\", instance=\"" + instance + "\"}");
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals("pending", alerts.get(0).path("metric").path("alertstate").asText());
    assertEquals("critical", alerts.get(0).path("metric").path("severity").asText());
    assertEquals(0, prometheus.query("ALERTS{alertname=\"LanternServiceDown\"}").size());
  }

  // ---------------------------------------------------------------- exemplars

  @Test
  void exemplarsCarryTheTraceIdsTheAgentLogged() {
    long now = prometheus.nowSeconds();
    JsonNode data = prometheus.data("query_exemplars", prometheus.api("/api/v1/query_exemplars",
        "query", "http_server_request_duration_seconds_bucket{job=\"lantern\"}",
        "start", String.valueOf(now - RANGE_SECONDS), "end", String.valueOf(now + 1)));
    // Exemplars name a span; one trace may hold several requests (the demo's AI calls reach its
    // in-process provider with the trace in traceparent), so events are matched by span id.
    Map<String, String> routeBySpanId = new LinkedHashMap<>();
    Map<String, String> traceBySpanId = new LinkedHashMap<>();
    String tracedSpanId = null;
    for (JsonNode series : data) {
      for (JsonNode e : series.path("exemplars")) {
        String spanId = e.path("labels").path("span_id").asText();
        assertTrue(spanId.matches("[0-9a-f]{16}"), e.toString());
        routeBySpanId.put(spanId, series.path("seriesLabels").path("http_route").asText());
        traceBySpanId.put(spanId, e.path("labels").path("trace_id").asText());
        if (TRACE_ID.equals(e.path("labels").path("trace_id").asText())) {
          tracedSpanId = spanId;
        }
      }
    }
    assertTrue(tracedSpanId != null, "no exemplar of the traced request; all: " + traceBySpanId);
    assertEquals("/slow", routeBySpanId.get(tracedSpanId));

    Map<String, JsonNode> logged = new LinkedHashMap<>();
    for (JsonNode e : app.events("http_request")) {
      if (e.hasNonNull("span_id")) {
        logged.put(e.path("span_id").asText(), e);
      }
    }
    JsonNode traced = logged.get(tracedSpanId);
    assertEquals("/slow", traced.path("http_route").asText());
    assertEquals(TRACE_ID, traced.path("trace_id").asText());
    assertEquals(PARENT_SPAN_ID, traced.path("parent_span_id").asText());
    for (String spanId : routeBySpanId.keySet()) {
      JsonNode event = logged.get(spanId);
      assertTrue(event != null, "exemplar span_id " + spanId + " is in no http_request event");
      assertEquals(event.path("trace_id").asText(), traceBySpanId.get(spanId));
      assertEquals(event.path("http_route").asText(), routeBySpanId.get(spanId));
    }
  }

  // ---------------------------------------------------------------- Loki

  /** The labels Alloy sets (its stage.labels block). */
  static Set<String> alloyLabels() {
    return alloyValues("labels");
  }

  /** The fields Alloy puts into Loki's structured metadata (its stage.structured_metadata block). */
  static Set<String> alloyStructuredMetadata() {
    return alloyValues("structured_metadata");
  }

  private static Set<String> alloyValues(String stage) {
    String alloy = Deploy.read(Deploy.dir().resolve("alloy/config.alloy"));
    Matcher block = Pattern.compile("stage\\." + stage + "\\s*\\{\\s*values\\s*=\\s*\\{([^}]*)}").matcher(alloy);
    assertTrue(block.find(), "no stage." + stage + " in config.alloy");
    Set<String> labels = new TreeSet<>();
    Matcher m = Pattern.compile("(\\w+)\\s*=").matcher(block.group(1));
    while (m.find()) {
      labels.add(m.group(1));
    }
    return labels;
  }

  @Test
  void alloyParsesFieldsTheAgentWrites() {
    assertEquals(Set.of("service", "level", "event"), alloyLabels());
    String alloy = Deploy.read(Deploy.dir().resolve("alloy/config.alloy"));
    Matcher block = Pattern.compile("stage\\.json\\s*\\{\\s*expressions\\s*=\\s*\\{([^}]*)}").matcher(alloy);
    assertTrue(block.find(), "no stage.json in config.alloy");
    Set<String> keys = eventKeys();
    Matcher m = Pattern.compile("(\\w+)\\s*=").matcher(block.group(1));
    int n = 0;
    while (m.find()) {
      n++;
      assertTrue(keys.contains(m.group(1)), "Alloy extracts " + m.group(1) + ", which no agent event has: " + keys);
    }
    assertEquals(6, n);
    assertEquals(Set.of("trace_id", "logger_name"), alloyStructuredMetadata());
    for (JsonNode e : app.events()) {
      assertTrue(LEVELS.contains(e.path("level").asText()), e.toString());
      assertEquals("lantern-demo", e.path("service").asText());
    }
  }

  /** Every field name in the events the agent wrote during this test. */
  static Set<String> eventKeys() {
    Set<String> keys = new TreeSet<>();
    for (JsonNode e : app.events()) {
      e.fieldNames().forEachRemaining(keys::add);
    }
    assertTrue(keys.containsAll(Set.of("timestamp", "level", "service", "event", "message", "trace_id", "http_route", "duration_ms")), keys.toString());
    return keys;
  }

  @Test
  void everyLokiQueryUsesAlloysLabelsAndTheAgentsFields() {
    Set<String> labels = alloyLabels();
    Set<String> fields = new TreeSet<>(eventKeys());
    fields.addAll(labels);
    Map<String, String> binding = new LinkedHashMap<>(GRAFANA_BUILTINS);
    binding.putAll(Map.of("service", "lantern-demo", "level", ".+", "event", ".+", "search", TRACE_ID));
    int checked = 0;
    for (Dashboards.Dashboard d : Dashboards.ofType("loki")) {
      List<String> queries = new ArrayList<>();
      Dashboards.queries(d).forEach(q -> queries.add(q.expr()));
      d.variables().stream().filter(v -> v.path("type").asText().equals("query"))
          .forEach(v -> queries.add(v.path("definition").asText()));
      for (String q : queries) {
        LogQl.check(Dashboards.substitute(q, binding), labels, alloyStructuredMetadata(), fields, CONTRACT_EVENTS, LEVELS);
        checked++;
      }
      // the logs panels show parsed events
      for (Dashboards.Query q : Dashboards.queries(d)) {
        if (q.panel().path("type").asText().equals("logs")) {
          assertTrue(q.expr().contains("| json"), q.toString());
        }
      }
    }
    assertTrue(checked >= 6, "checked " + checked);
  }

  // ---------------------------------------------------------------- application logs

  /** The application's own records, captured: one INFO per /hello, one ERROR with the exception per /error. */
  private static List<JsonNode> appLogs(String level) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : app.events("log")) {
      if (e.path("level").asText().equals(level) && e.path("logger_name").asText().equals("com.example.demo.DemoOperations")) {
        out.add(e);
      }
    }
    return out;
  }

  @Test
  void theDemoLogsThroughJulAndTheAgentCapturesIt() {
    // JUL is hooked about a second after start (README "Application logs"), so the first requests'
    // records may be missed; the counted traffic's are not
    List<JsonNode> info = appLogs("INFO");
    List<JsonNode> errors = appLogs("ERROR");
    assertTrue(info.size() >= 10 && info.size() <= sent.get("/hello 200"), info.size() + " INFO log events");
    assertTrue(errors.size() >= 5 && errors.size() <= sent.get("/error 500"), errors.size() + " ERROR log events");
    for (JsonNode e : info) {
      assertEquals("greeting a visitor", e.path("message").asText(), e.toString());
    }
    Set<String> requestTraces = new HashSet<>();
    app.events("http_request").forEach(e -> requestTraces.add(e.path("trace_id").asText()));
    for (JsonNode e : errors) {
      assertEquals("request failed", e.path("message").asText(), e.toString());
      assertEquals("java.lang.IllegalStateException", e.path("exception_type").asText(), e.toString());
      assertEquals("the demo fails on purpose", e.path("exception_message").asText(), e.toString());
      assertTrue(e.path("exception_stacktrace").asText().contains("at com.example.demo.DemoOperations.fail("), e.toString());
      assertFalse(e.path("thread_name").asText().isEmpty(), e.toString());
      // the trace link of the Recent application errors panel: the failed request's trace
      assertTrue(requestTraces.contains(e.path("trace_id").asText()), e.toString());
    }
  }

  /**
   * The queries on `log` events (the Logs dashboard's Application logs row, the Loki alert) read
   * only labels, Alloy's structured metadata and fields a live ERROR `log` event has.
   */
  @Test
  void applicationLogQueriesReadFieldsOfALiveErrorLogEvent() {
    List<JsonNode> errors = appLogs("ERROR");
    assertFalse(errors.isEmpty(), "no ERROR log event\n" + app.diagnostics());
    Set<String> labels = alloyLabels();
    Set<String> metadata = alloyStructuredMetadata();
    Set<String> fields = new TreeSet<>(labels);
    errors.get(0).fieldNames().forEachRemaining(fields::add);
    assertTrue(fields.containsAll(metadata), "structured metadata " + metadata + " not all in " + fields);
    Map<String, String> binding = new LinkedHashMap<>(GRAFANA_BUILTINS);
    binding.putAll(Map.of("service", "lantern-demo", "search", ""));
    List<String> queries = new ArrayList<>();
    for (Dashboards.Dashboard d : Dashboards.ofType("loki")) {
      for (Dashboards.Query q : Dashboards.queries(d)) {
        if (q.expr().contains("event=\"log\"")) {
          queries.add(Dashboards.substitute(q.expr(), binding));
        }
      }
    }
    assertEquals(2, queries.size(), "the Application logs row's queries: " + queries);
    List<JsonNode> rules = lokiRules();
    rules.forEach(r -> queries.add(r.path("expr").asText()));
    for (String q : queries) {
      LogQl.check(q, labels, metadata, fields, CONTRACT_EVENTS, LEVELS);
    }
    assertTrue(queries.stream().anyMatch(q -> q.contains("by (logger_name)")), queries.toString());
  }

  /** Every alerting rule for Loki's ruler (deploy/loki/rules/fake/, tenant "fake": auth is off). */
  static List<JsonNode> lokiRules() {
    List<JsonNode> rules = new ArrayList<>();
    for (var f : Deploy.files("loki/rules/fake", ".yml")) {
      for (JsonNode g : Deploy.readYaml(f).path("groups")) {
        g.path("rules").forEach(rules::add);
      }
    }
    return rules;
  }

  @Test
  void lokiRulerLoadsTheLogAlertsAndSendsThemToAlertmanager() {
    JsonNode ruler = Deploy.readYaml(Deploy.dir().resolve("loki/loki.yml")).path("ruler");
    assertEquals("local", ruler.path("storage").path("type").asText());
    // compose mounts deploy/loki at /etc/loki
    assertEquals("/etc/loki/rules", ruler.path("storage").path("local").path("directory").asText());
    assertTrue(Deploy.read(Deploy.dir().resolve("docker-compose.yml")).contains("- ./loki:/etc/loki:ro"));
    assertEquals("http://alertmanager:9093", ruler.path("alertmanager_url").asText());

    List<JsonNode> rules = lokiRules();
    assertEquals(1, rules.size(), rules.toString());
    JsonNode rule = rules.get(0);
    assertEquals("LanternAppErrorLogs", rule.path("alert").asText());
    assertEquals("warning", rule.path("labels").path("severity").asText());
    assertFalse(rule.path("annotations").path("summary").asText().isBlank());
    assertFalse(rule.path("annotations").path("description").asText().isBlank());
    assertEquals("5m", rule.path("for").asText());
    // what it counts exists: the live run wrote ERROR `log` lines of service lantern-demo
    String expr = rule.path("expr").asText();
    assertTrue(expr.contains("{event=\"log\", level=\"ERROR\"}") && expr.contains("by (service)"), expr);
    assertFalse(appLogs("ERROR").isEmpty());
  }
}
