package io.lantern.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.testapps.fakeai.FakeAiProvider;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AI dashboard on a real Prometheus scraping two ai-sdks apps with the agent that make the same
 * AI traffic, one with today's GenAI names and one with {@code -Dlantern.gen-ai.semconv=latest}:
 * openai-java chat (blocking with cached tokens and rate-limit headers, streamed, refused with 429), embeddings, and a
 * LangChain4j AI Service running a tool that works and one that throws, against the fake provider
 * in this JVM. Every panel query, bound to either instance, returns exactly the expected series,
 * and the ratio panels (cache hit, tool errors) exactly the expected values.
 */
class AiStackIT {
  static final String[] MODES = {"default", "latest"};
  static final int ROUNDS = 4;

  static FakeAiProvider provider;
  static final Map<String, AgentApp> apps = new LinkedHashMap<>();
  static final Map<String, String> instances = new LinkedHashMap<>();
  static Prometheus prometheus;

  @BeforeAll
  static void startStack() throws Exception {
    provider = FakeAiProvider.start();
    Path prices = Files.createTempFile("lantern-ai-prices", ".csv");
    Files.writeString(prices, "provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m\n"
        + "openai,ai-chat-v1,2,8,1\nopenai,ai-stream-v1,2,8,1\nopenai,ai-embed-v1,0.02,0,0.02\n");
    for (String mode : MODES) {
      AgentApp app = AgentApp.builder(Path.of(System.getProperty("ai.app.jar")))
          .sysProp("ai.openai.base-url", provider.openAiBaseUrl())
          .sysProp("lantern.service.name", "lantern-ai-" + mode)
          .sysProp("lantern.gen-ai.prices.file", prices.toString())
          .sysProp("lantern.gen-ai.semconv", mode)
          .start();
      apps.put(mode, app);
      instances.put(mode, "127.0.0.1:" + app.metricsPort());
    }
    // one Prometheus, both apps as targets of the lantern job
    prometheus = Prometheus.scraping(String.join("', '", instances.values()));
    // every series once before the counted traffic (a counter's first sample is no increase)
    for (AgentApp app : apps.values()) {
      traffic(app);
    }
    prometheus.await("the first scrape of both apps' AI calls", () -> calls() == 2 * 7, 30, AiStackIT::appDiagnostics);
    Prometheus.sleep(1500);
    for (int i = 0; i < ROUNDS; i++) {
      for (AgentApp app : apps.values()) {
        traffic(app);
      }
    }
    prometheus.await("Prometheus to scrape all AI calls", () -> calls() == 2 * 7 * (ROUNDS + 1), 30, AiStackIT::appDiagnostics);
    Prometheus.sleep(1500);
  }

  /**
   * One round: 7 model calls (chat, stream, 429, embeddings, the AI service's two turns... and its
   * third after the tool results) and two tool runs (weather works, broken throws).
   */
  private static void traffic(AgentApp app) {
    // the rate-limit headers (the last response with them wins): 90 % of the requests and 20 % of the tokens left
    provider.enqueue(Api.OPENAI, Reply.ok().model("ai-chat-v1").tokens(1000, 200).cacheTokens(400, 0)
        .header("x-ratelimit-limit-requests", "500").header("x-ratelimit-remaining-requests", "450")
        .header("x-ratelimit-limit-tokens", "30000").header("x-ratelimit-remaining-tokens", "6000"));
    assertEquals(200, get(app, "/openai/chat", "ai-chat").status());
    provider.enqueue(Api.OPENAI, Reply.ok().model("ai-stream-v1").tokens(500, 100).cacheTokens(100, 0).chunks(3).firstChunkDelayMs(20));
    assertEquals(200, get(app, "/openai/chat-stream?usage=true", "ai-stream").status());
    provider.enqueue(Api.OPENAI, Reply.rateLimited(1));
    assertEquals(500, get(app, "/openai/chat", "ai-chat").status());
    provider.enqueue(Api.OPENAI, Reply.ok().model("ai-embed-v1").tokens(50, 0));
    assertEquals(200, get(app, "/openai/embeddings", "ai-embed").status());
    provider.enqueue(Api.OPENAI, Reply.ok().model("lc-agent-v1").tokens(10, 5).toolCall("weather", "{\"city\":\"Paris\"}"));
    provider.enqueue(Api.OPENAI, Reply.ok().model("lc-agent-v1").tokens(20, 5).toolCall("broken", "{\"city\":\"Rome\"}"));
    provider.enqueue(Api.OPENAI, Reply.ok().model("lc-agent-v1").tokens(30, 6));
    assertEquals(200, get(app, "/langchain4j/agent", null).status());
    assertEquals(0, provider.pending(Api.OPENAI), "every scripted reply was used");
  }

  private static io.lantern.harness.Response get(AgentApp app, String path, String model) {
    String q = model == null ? "" : (path.contains("?") ? "&" : "?") + "model=" + URLEncoder.encode(model, StandardCharsets.UTF_8);
    return app.get(path + q);
  }

  /** AI calls Prometheus has, under either name set. */
  private static double calls() {
    return prometheus.valueOrZero("sum({__name__=~\"gen_ai_client_operation_duration_seconds_count|gen_ai_client_inference_duration_seconds_count"
        + "|gen_ai_client_embeddings_duration_seconds_count\", job=\"lantern\"})");
  }


  private static String appDiagnostics() {
    StringBuilder diag = new StringBuilder();
    apps.forEach((mode, app) -> diag.append("\n--- app ").append(mode).append(" ---\n").append(app.diagnostics()));
    return diag.toString();
  }

  @AfterAll
  static void stopStack() {
    if (prometheus != null) {
      prometheus.close();
    }
    apps.values().forEach(AgentApp::close);
    if (provider != null) {
      provider.close();
    }
  }

  // ---------------------------------------------------------------- expectations

  static final String CHAT = "openai ai-chat";
  static final String STREAM = "openai ai-stream";
  static final String EMBED = "openai ai-embed";
  static final String AGENT = "openai lc-agent";
  static final Set<String> ONE = Set.of("");

  /**
   * Per panel id and refId, the series the query returns, each written as its label values
   * (in label-name order) joined by spaces; the same under both name sets.
   */
  static Map<String, Set<String>> expectedSeries() {
    Map<String, Set<String>> e = new TreeMap<>();
    for (String stat : List.of("1A", "2A", "3A", "4A", "19A", "19B")) {
      e.put(stat, ONE);
    }
    Set<String> models = Set.of(CHAT, STREAM, EMBED, AGENT);
    e.put("5A", models);
    e.put("6A", models);
    e.put("7A", Set.of(STREAM));
    // tokens by request model and type: embeddings have input only
    e.put("8A", Set.of("ai-chat input", "ai-chat output", "ai-stream input", "ai-stream output", "ai-embed input",
        "lc-agent input", "lc-agent output"));
    e.put("9A", Set.of(CHAT, STREAM, EMBED));
    // "or vector(0)": the panel shows 0, not "no data", where the range starts before the apps did
    e.put("10A", Set.of("", "com.openai.errors.RateLimitException openai"));
    // the 429 has no response model: Prometheus keeps no empty label
    Set<String> table = Set.of(CHAT + " ai-chat-v1", CHAT, STREAM + " ai-stream-v1", EMBED + " ai-embed-v1",
        AGENT + " lc-agent-v1");
    e.put("11A", table);
    e.put("11B", table);
    e.put("11C", Set.of(CHAT + " ai-chat-v1 input", CHAT + " ai-chat-v1 output", STREAM + " ai-stream-v1 input",
        STREAM + " ai-stream-v1 output", EMBED + " ai-embed-v1 input", AGENT + " lc-agent-v1 input", AGENT + " lc-agent-v1 output"));
    e.put("12A", Set.of(EMBED));
    e.put("13A", Set.of(EMBED));
    e.put("14A", Set.of("ai-embed"));
    Set<String> tools = Set.of("broken", "weather");
    e.put("15A", tools);
    e.put("16A", tools);
    e.put("17A", tools);
    e.put("18A", Set.of("ai-chat", "ai-stream", "lc-agent"));
    // rate-limit headroom: the chat reply's x-ratelimit-* headers, the same under both name sets (Lantern names)
    e.put("20A", Set.of("openai requests", "openai tokens"));
    return e;
  }

  /** The ratio panels' exact values by series, over a window holding all the counted traffic. */
  static final Map<String, Map<String, Double>> EXPECTED_VALUES = Map.of(
      "17A", Map.of("broken", 1.0, "weather", 0.0),
      "18A", Map.of("ai-chat", 0.4, "ai-stream", 0.2, "lc-agent", 0.0),
      "20A", Map.of("openai requests", 0.9, "openai tokens", 0.2));

  static String key(Dashboards.Query q) {
    return q.panel().path("id").asText() + q.target().path("refId").asText();
  }

  static String describe(JsonNode metric) {
    TreeMap<String, String> labels = new TreeMap<>();
    metric.fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
    labels.remove("job");
    labels.remove("instance");
    return String.join(" ", labels.values());
  }

  static Map<String, String> binding(String instance, String rateInterval) {
    Map<String, String> b = new LinkedHashMap<>(StackIT.GRAFANA_BUILTINS);
    b.put("__rate_interval", rateInterval);
    b.put("job", "lantern");
    b.put("instance", instance.replace(".", "\\\\."));
    return b;
  }

  static Dashboards.Dashboard ai() {
    return Dashboards.all().stream().filter(d -> d.json().path("uid").asText().equals("lantern-ai")).findFirst().orElseThrow();
  }

  // ---------------------------------------------------------------- tests

  @Test
  void bothAppsEmitTheirOwnNameSet() {
    String d = instances.get("default");
    String l = instances.get("latest");
    assertEquals(2.0 * (ROUNDS + 1), prometheus.scalar("sum(gen_ai_client_operation_duration_seconds_count{instance=\"" + d
        + "\", gen_ai_request_model=\"ai-chat\"})"));
    assertEquals(0, prometheus.query("{__name__=~\"gen_ai_client_inference_.+|gen_ai_client_embeddings_.+|gen_ai_execute_tool_.+\", instance=\"" + d + "\"}").size());
    assertEquals(0, prometheus.query("{__name__=~\"gen_ai_client_operation_.+|gen_ai_client_token_usage_.+|lantern_gen_ai_tool_.+"
        + "|lantern_gen_ai_client_cache_read_.+\", instance=\"" + l + "\"}").size());
    assertEquals(2.0 * (ROUNDS + 1), prometheus.scalar("sum(gen_ai_client_inference_duration_seconds_count{instance=\"" + l
        + "\", gen_ai_request_model=\"ai-chat\"})"));
    assertEquals(1000.0 * (ROUNDS + 1), prometheus.scalar("sum(gen_ai_client_inference_usage_input_tokens_total{instance=\"" + l
        + "\", gen_ai_request_model=\"ai-chat\"})"));
    assertEquals(400.0 * (ROUNDS + 1), prometheus.scalar("sum(gen_ai_client_inference_usage_cache_read_input_tokens_total{instance=\"" + l
        + "\", gen_ai_request_model=\"ai-chat\"})"));
    assertEquals(400.0 * (ROUNDS + 1), prometheus.scalar("sum(lantern_gen_ai_client_cache_read_input_tokens_total{instance=\"" + d
        + "\", gen_ai_request_model=\"ai-chat\"})"));
    for (String instance : instances.values()) {
      // (600 at 2 + 400 cached at 1 + 200 out at 8) per million a call; the cached share 400 at 1
      assertEquals(0.0032 * (ROUNDS + 1), prometheus.scalar("sum(lantern_gen_ai_client_cost_usd_total{instance=\"" + instance
          + "\", gen_ai_request_model=\"ai-chat\"})"), 1e-12);
      assertEquals(0.0004 * (ROUNDS + 1), prometheus.scalar("sum(lantern_gen_ai_client_cached_input_cost_usd_total{instance=\""
          + instance + "\", gen_ai_request_model=\"ai-chat\"})"), 1e-12);
    }
  }

  @Test
  void everyAiPanelQueryReturnsTheExpectedSeriesUnderBothNameSets() {
    Map<String, Set<String>> expected = expectedSeries();
    List<String> failures = new ArrayList<>();
    Set<String> checked = new TreeSet<>();
    for (Dashboards.Query q : Dashboards.queries(ai())) {
      checked.add(key(q));
      for (Map.Entry<String, String> mode : instances.entrySet()) {
        String expr = Dashboards.substitute(q.expr(), binding(mode.getValue(), StackIT.GRAFANA_BUILTINS.get("__rate_interval")));
        long now = prometheus.nowSeconds();
        JsonNode answer = q.instant() ? prometheus.api("/api/v1/query", "query", expr)
            : prometheus.api("/api/v1/query_range", "query", expr, "start", String.valueOf(now - StackIT.RANGE_SECONDS),
                "end", String.valueOf(now), "step", StackIT.STEP_SECONDS + "s");
        if (!"success".equals(answer.path("status").asText())) {
          failures.add(mode.getKey() + " " + q + "\n    -> " + answer.path("error").asText());
          continue;
        }
        Set<String> found = new TreeSet<>();
        answer.path("data").path("result").forEach(r -> found.add(describe(r.path("metric"))));
        if (!found.equals(new TreeSet<>(expected.getOrDefault(key(q), Set.of())))) {
          failures.add(mode.getKey() + " " + q + "\n    -> " + found + ", expected " + new TreeSet<>(expected.get(key(q))));
        }
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " AI dashboard queries failed:\n" + String.join("\n", failures));
    assertEquals(expected.keySet(), checked, "every AI panel query has its expectation");
  }

  @Test
  void theRatioPanelsHaveTheExactValuesUnderBothNameSets() {
    for (Dashboards.Query q : Dashboards.queries(ai())) {
      Map<String, Double> values = EXPECTED_VALUES.get(key(q));
      if (values == null) {
        continue;
      }
      for (Map.Entry<String, String> mode : instances.entrySet()) {
        // a window holding every counted call: the ratio of two counters that grew together
        String expr = Dashboards.substitute(q.expr(), binding(mode.getValue(), "5m"));
        Map<String, Double> found = new TreeMap<>();
        prometheus.query(expr).forEach(r -> found.put(describe(r.path("metric")), Double.parseDouble(r.path("value").get(1).asText())));
        assertEquals(values.keySet(), found.keySet(), mode.getKey() + " " + q);
        values.forEach((series, v) -> assertEquals(v, found.get(series), 1e-9, mode.getKey() + " " + q + " " + series + ": " + found));
      }
    }
  }

  @Test
  void theDashboardVariablesFindBothApps() {
    for (JsonNode v : ai().variables()) {
      if (!v.path("type").asText().equals("query")) {
        continue;
      }
      String definition = Dashboards.substitute(v.path("definition").asText(), Map.of("job", "lantern"));
      String selector = definition.substring("label_values(".length(), definition.lastIndexOf(','));
      String label = definition.substring(definition.lastIndexOf(',') + 1, definition.length() - 1).trim();
      Set<String> found = new TreeSet<>();
      prometheus.data(definition, prometheus.api("/api/v1/label/" + label + "/values", "match[]", selector))
          .forEach(x -> found.add(x.asText()));
      assertEquals(label.equals("job") ? Set.of("lantern") : new TreeSet<>(instances.values()), found, definition);
    }
  }
}
