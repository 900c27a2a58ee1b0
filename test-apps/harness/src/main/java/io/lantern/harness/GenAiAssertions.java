package io.lantern.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Label sets and checks of the gen_ai metrics and events, shared by the AI client ITs of every test
 * app (an app's ITs may extend it to use the names unqualified).
 */
public class GenAiAssertions {
  public static final Duration WAIT = Duration.ofSeconds(30);
  public static final String DURATION = "gen_ai_client_operation_duration_seconds";
  public static final String TOKENS = "gen_ai_client_token_usage";
  public static final String FIRST_CHUNK = "gen_ai_client_operation_time_to_first_chunk_seconds";
  public static final String COST = "lantern_gen_ai_client_cost_usd_total";

  protected GenAiAssertions() {}

  /** The operation each provider's calls are: Gemini's {@code generateContent} is {@code generate_content}. */
  public static String operation(String provider) {
    return provider.startsWith("gcp.") ? "generate_content" : "chat";
  }

  /** Labels of the duration and time-to-first-chunk histograms ({@code error} "" when none). */
  public static Map<String, String> call(String provider, String requestModel, String responseModel, String error) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("gen_ai_operation_name", operation(provider));
    labels.put("gen_ai_provider_name", provider);
    labels.put("gen_ai_request_model", requestModel);
    labels.put("gen_ai_response_model", responseModel);
    labels.put("error_type", error);
    return labels;
  }

  /** The labels of an {@code embeddings} call's duration series. */
  public static Map<String, String> embeddings(String provider, String requestModel, String responseModel, String error) {
    Map<String, String> labels = call(provider, requestModel, responseModel, error);
    labels.put("gen_ai_operation_name", "embeddings");
    return labels;
  }

  /**
   * Exactly one {@code embeddings} call with these labels and its one input-token observation of
   * {@code input}; and its event says {@code embeddings}, those input tokens and no output tokens.
   */
  public static void assertOneEmbedding(Metrics m, Map<String, JsonNode> events, String provider, String request,
      String response, long input) {
    assertEquals(1.0, m.value(DURATION + "_count", embeddings(provider, request, response, "")), m.describe(DURATION + "_count"));
    Map<String, String> labels = tokens(provider, request, response, "input");
    labels.put("gen_ai_operation_name", "embeddings");
    assertEquals(1.0, m.value(TOKENS + "_count", labels), m.describe(TOKENS + "_count"));
    assertEquals((double) input, m.value(TOKENS + "_sum", labels));
    JsonNode event = events.get(request);
    assertEquals("embeddings", event.get("gen_ai_operation_name").asText(), event.toString());
    assertEquals(provider, event.get("gen_ai_provider_name").asText());
    assertEquals(response, event.get("gen_ai_response_model").asText());
    assertEquals(input, event.get("gen_ai_usage_input_tokens").asLong());
    assertTrue(event.get("gen_ai_usage_output_tokens").isNull(), "an embedding has no output tokens: " + event);
    assertNull(event.get("gen_ai_usage_note"), "input tokens are the whole usage of an embedding: " + event);
  }

  public static Map<String, String> tokens(String provider, String requestModel, String responseModel, String type) {
    Map<String, String> labels = call(provider, requestModel, responseModel, "");
    labels.remove("error_type");
    labels.put("gen_ai_token_type", type);
    return labels;
  }

  /** Exactly one call with these labels, and the exact input and output token observations of it. */
  public static void assertOneCall(Metrics m, String provider, String request, String response, long input, long output) {
    assertEquals(1.0, m.value(DURATION + "_count", call(provider, request, response, "")), m.describe(DURATION + "_count"));
    assertEquals(1.0, m.value(TOKENS + "_count", tokens(provider, request, response, "input")), m.describe(TOKENS + "_count"));
    assertEquals((double) input, m.value(TOKENS + "_sum", tokens(provider, request, response, "input")));
    assertEquals(1.0, m.value(TOKENS + "_count", tokens(provider, request, response, "output")));
    assertEquals((double) output, m.value(TOKENS + "_sum", tokens(provider, request, response, "output")));
  }

  /** No series at all of {@code sample} for this request model. */
  public static void assertNoSeries(Metrics m, String sample, String requestModel) {
    assertFalse(m.labelSets(sample).stream().anyMatch(l -> requestModel.equals(l.get("gen_ai_request_model"))),
        sample + " has a series for " + requestModel + ":\n" + m.describe(sample));
  }

  /**
   * The streamed call took at least {@code minFirstChunkSeconds} to its first chunk (one
   * observation) and its duration is at least that.
   */
  public static void assertFirstChunk(Metrics m, String provider, String request, String response, double minFirstChunkSeconds) {
    Map<String, String> labels = call(provider, request, response, "");
    assertEquals(1.0, m.value(FIRST_CHUNK + "_count", labels), m.describe(FIRST_CHUNK + "_count"));
    double firstChunk = m.value(FIRST_CHUNK + "_sum", labels);
    double duration = m.value(DURATION + "_sum", labels);
    assertTrue(firstChunk >= minFirstChunkSeconds, "time to first chunk " + firstChunk + " s for " + request);
    assertTrue(duration >= firstChunk, "duration " + duration + " < time to first chunk " + firstChunk + " for " + request);
  }

  /** The gen_ai_call events, exactly {@code count} of them, by request model (each model exactly once). */
  public static Map<String, JsonNode> awaitCallEvents(AgentApp app, int count) {
    List<JsonNode> events = app.awaitExactly("gen_ai_call", count, WAIT);
    Map<String, List<JsonNode>> byModel = events.stream()
        .collect(Collectors.groupingBy(e -> e.path("gen_ai_request_model").asText()));
    Map<String, JsonNode> one = new LinkedHashMap<>();
    byModel.forEach((model, list) -> {
      assertEquals(1, list.size(), "gen_ai_call events for " + model + ": " + list);
      one.put(model, list.get(0));
    });
    return one;
  }

  /**
   * Each failed call (request model to the exception class the application saw): one duration
   * series with that {@code error_type}, counted once, an ERROR event naming it, no tokens; those
   * in {@code withoutResponse} (the provider answered with an error status) have no response model.
   */
  public static void assertFailures(Metrics m, Map<String, JsonNode> events, Map<String, String> failures, String provider,
      List<String> withoutResponse) {
    for (Map.Entry<String, String> failure : failures.entrySet()) {
      String model = failure.getKey();
      List<Map<String, String>> series = m.labelSets(DURATION + "_count").stream()
          .filter(l -> model.equals(l.get("gen_ai_request_model"))).collect(Collectors.toList());
      assertEquals(1, series.size(), model + ": " + series);
      assertEquals(failure.getValue(), series.get(0).get("error_type"), model);
      assertEquals(1.0, m.value(DURATION + "_count", series.get(0)));
      JsonNode event = events.get(model);
      assertEquals("ERROR", event.get("level").asText(), event.toString());
      assertEquals(failure.getValue(), event.get("error_type").asText());
      assertNoSeries(m, TOKENS + "_count", model);
    }
    for (String model : withoutResponse) {
      assertEquals(1.0, m.value(DURATION + "_count", call(provider, model, "", failures.get(model))), "no response, no response model");
    }
  }

  /**
   * Every event has the tenant of the request that made the call, no schema error, and its own span
   * in the trace of that request (an {@code http_request} under {@code pathPrefix}).
   */
  public static void assertInTheirRequestsTraces(AgentApp app, Collection<JsonNode> events, String pathPrefix) {
    Map<String, JsonNode> requestsByTrace = app.events("http_request").stream()
        .collect(Collectors.toMap(r -> r.get("trace_id").asText(), r -> r));
    for (JsonNode event : events) {
      assertEquals("acme", event.path("tenant").asText(), event.toString());
      assertNull(event.get("_schema_error"), event.toString());
      JsonNode request = requestsByTrace.get(event.get("trace_id").asText());
      assertTrue(request != null, "the AI span is in the trace of the HTTP request that made it: " + event);
      assertFalse(request.get("span_id").asText().equals(event.get("span_id").asText()), "its own span");
      assertTrue(request.get("url_path").asText().startsWith(pathPrefix));
    }
  }

  /**
   * Once the app is quiet: neither the prompt ({@code secret}) nor the fake's completion text in the
   * event log or the metrics, no instrumentation error, the app alive.
   */
  public static void assertNoContentAndNoAgentError(AgentApp app, String secret) throws IOException {
    app.awaitQuiet();
    String log = Files.readString(app.logFile());
    assertFalse(log.contains(secret), "prompt text in the event log");
    assertFalse(log.contains("Hello from the fake"), "completion text in the event log");
    assertFalse(log.contains("gen_ai_input_messages"));
    assertFalse(app.scrape().text().contains(secret));
    assertEquals(List.of(), app.events("instrumentation_error"), "the agent's own code failed");
    assertEquals(0.0, app.scrape().sum("lantern_instrumentation_errors_total"));
    assertTrue(app.isAlive());
  }

  // ---------------------------------------------------------------- AI test apps' HTTP convention

  /**
   * GET on an AI test app's endpoint with {@code prompt=} and, when not null, {@code model=}; the
   * apps answer 200 with {@code <response model>|<text>}, or 500 with the class name of the
   * exception the library threw or signalled.
   */
  public static Response ask(AgentApp app, String path, String model, String prompt) {
    StringBuilder uri = new StringBuilder(path).append(path.contains("?") ? '&' : '?')
        .append("prompt=").append(URLEncoder.encode(prompt, StandardCharsets.UTF_8));
    if (model != null) {
      uri.append("&model=").append(URLEncoder.encode(model, StandardCharsets.UTF_8));
    }
    return app.get(uri.toString());
  }

  /** {@link #ask} answered 200: the answer. */
  public static String answer(AgentApp app, String path, String model, String prompt) {
    Response response = ask(app, path, model, prompt);
    assertEquals(200, response.status(), response + "\n" + app.diagnostics());
    return response.body();
  }

  /** {@link #ask} answered 500: the class name of the exception the app got. */
  public static String failure(AgentApp app, String path, String model, String prompt) {
    Response response = ask(app, path, model, prompt);
    assertEquals(500, response.status(), response.toString());
    return response.body();
  }

  /**
   * A stream the application cancelled after its first chunk, before the usage came: one call
   * without error, its time to first chunk at least {@code minFirstChunkSeconds}, no tokens.
   */
  public static void assertCancelled(Metrics m, Map<String, JsonNode> events, String provider, String request, String response,
      double minFirstChunkSeconds) {
    Map<String, String> labels = call(provider, request, response, "");
    assertEquals(1.0, m.value(DURATION + "_count", labels), m.describe(DURATION + "_count"));
    assertEquals(1.0, m.value(FIRST_CHUNK + "_count", labels), m.describe(FIRST_CHUNK + "_count"));
    assertTrue(m.value(FIRST_CHUNK + "_sum", labels) >= minFirstChunkSeconds);
    assertNoSeries(m, TOKENS + "_count", request);
    JsonNode event = events.get(request);
    assertEquals("INFO", event.get("level").asText(), event.toString());
    assertTrue(event.get("gen_ai_usage_input_tokens").isNull(), event.toString());
    assertEquals(null, event.get("error_type"));
  }

  /**
   * The detail counts of a {@code gen_ai_call} event, exactly: cache read and cache write input
   * tokens, reasoning output tokens; -1 for a field the event must not carry (not reported).
   */
  public static void assertUsageDetails(JsonNode event, long cacheRead, long cacheWrite, long reasoning) {
    detail(event, "gen_ai_usage_cache_read_input_tokens", cacheRead);
    detail(event, "gen_ai_usage_cache_write_input_tokens", cacheWrite);
    detail(event, "gen_ai_usage_reasoning_output_tokens", reasoning);
  }

  private static void detail(JsonNode event, String field, long expected) {
    if (expected < 0) {
      assertNull(event.get(field), field + " in " + event);
    } else {
      assertTrue(event.hasNonNull(field), field + " missing in " + event);
      assertEquals(expected, event.get(field).asLong(), field + " in " + event);
    }
  }

  public static final String TOOL_DURATION = "lantern_gen_ai_tool_duration_seconds";

  /**
   * With {@code lantern.traces.exporter=log}: waits for the {@code span} events of the tool runs, then
   * checks them: exactly {@code expected.get(name)} spans {@code execute_tool <name>}, INTERNAL, a
   * child of a span whose name starts with {@code parentName} (the span current when the library ran
   * the tool), ERROR with {@code error_type} exactly for the names in {@code failing}; and the
   * histogram's {@code _count} per name and error type. Returns the tool spans.
   */
  public static List<JsonNode> assertToolRuns(AgentApp app, Map<String, Integer> expected, Map<String, String> failing,
      String parentName) {
    int total = expected.values().stream().mapToInt(Integer::intValue).sum();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (toolSpans(app).size() < total && System.nanoTime() < deadline) {
      AgentApp.sleep(50);
    }
    AgentApp.sleep(1500); // longer than the exporter's batch delay: no extra span comes
    List<JsonNode> all = app.events("span");
    List<JsonNode> tools = toolSpans(app);
    Metrics m = app.scrape();
    String describe = all.stream().map(JsonNode::toString).collect(Collectors.joining("\n")) + "\n"
        + m.text().lines().filter(l -> l.contains("tool")).collect(Collectors.joining("\n"));
    assertEquals(total, tools.size(), describe);
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      String name = e.getKey();
      String errorType = failing.getOrDefault(name, "");
      List<JsonNode> runs = tools.stream().filter(s -> s.path("name").asText().equals("execute_tool " + name)).collect(Collectors.toList());
      assertEquals(e.getValue().intValue(), runs.size(), describe);
      for (JsonNode run : runs) {
        assertEquals("INTERNAL", run.path("kind").asText(), run.toString());
        assertEquals("execute_tool", run.path("attributes").path("gen_ai.operation.name").asText(), run.toString());
        assertEquals(name, run.path("attributes").path("gen_ai.tool.name").asText(), run.toString());
        assertEquals(errorType.isEmpty() ? "UNSET" : "ERROR", run.path("status").asText(), run.toString());
        if (!errorType.isEmpty()) {
          assertEquals(errorType, run.path("error_type").asText(), run.toString());
        }
        String parentId = run.path("parent_span_id").asText();
        JsonNode parent = all.stream().filter(s -> s.path("span_id").asText().equals(parentId)).findFirst()
            .orElseThrow(() -> new AssertionError("no parent of " + run + "\n" + describe));
        assertTrue(parent.path("name").asText().startsWith(parentName), "the parent of " + run + " is " + parent + "\n" + describe);
        assertEquals(parent.path("trace_id").asText(), run.path("trace_id").asText(), run.toString());
      }
      assertEquals(e.getValue().doubleValue(),
          m.value(TOOL_DURATION + "_count", Map.of("gen_ai_tool_name", name, "error_type", errorType)), describe);
    }
    assertEquals(total, m.sum(TOOL_DURATION + "_count"), describe);
    return tools;
  }

  private static List<JsonNode> toolSpans(AgentApp app) {
    return app.events("span").stream().filter(s -> s.path("name").asText().startsWith("execute_tool ")).collect(Collectors.toList());
  }
}
