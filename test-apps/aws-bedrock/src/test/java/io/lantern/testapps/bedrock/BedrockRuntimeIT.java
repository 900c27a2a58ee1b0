package io.lantern.testapps.bedrock;

import static io.lantern.harness.GenAiAssertions.COST;
import static io.lantern.harness.GenAiAssertions.DURATION;
import static io.lantern.harness.GenAiAssertions.FIRST_CHUNK;
import static io.lantern.harness.GenAiAssertions.TOKENS;
import static io.lantern.harness.GenAiAssertions.assertCancelled;
import static io.lantern.harness.GenAiAssertions.assertFailures;
import static io.lantern.harness.GenAiAssertions.assertFirstChunk;
import static io.lantern.harness.GenAiAssertions.assertInTheirRequestsTraces;
import static io.lantern.harness.GenAiAssertions.assertNoContentAndNoAgentError;
import static io.lantern.harness.GenAiAssertions.assertNoSeries;
import static io.lantern.harness.GenAiAssertions.assertOneCall;
import static io.lantern.harness.GenAiAssertions.assertUsageDetails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.GenAiAssertions;
import io.lantern.harness.Metrics;
import io.lantern.harness.Response;
import io.lantern.testapps.fakeai.FakeAiProvider;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The AWS SDK v2 Bedrock Runtime clients in a child JVM with the agent, against the fake provider
 * in this JVM: {@code converse} (sync, async), {@code converseStream} (read to the end, cancelled by
 * the application's subscriber), {@code invokeModel} (sync, async), {@code
 * invokeModelWithResponseStream}, a throttled call retried by the SDK, and error replies; each
 * checked for its exact series, token sums, one {@code gen_ai_call} event and its span's parent.
 */
class BedrockRuntimeIT {
  static final String BEDROCK = "aws.bedrock";
  static final long FIRST_CHUNK_DELAY_MS = 300;
  static final String PACKAGE = "software.amazon.awssdk.services.bedrockruntime.model.";
  static final String ARN = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.bedrock-profile-v1:0";
  static final String ARN_LABEL = "inference-profile/us.bedrock-profile-v1:0";
  static Response get(AgentApp app, String path, String model, String prompt) {
    String query = (path.contains("?") ? "&" : "?") + "model=" + URLEncoder.encode(model, StandardCharsets.UTF_8)
        + "&prompt=" + URLEncoder.encode(prompt, StandardCharsets.UTF_8);
    return app.get(path + query, "X-Tenant", "acme");
  }

  static void ok(AgentApp app, Response response, String body) {
    assertEquals(200, response.status(), response + "\n" + app.diagnostics());
    assertEquals(body, response.body());
  }

  static String failure(Response response) {
    assertEquals(500, response.status(), response.toString());
    return response.body();
  }

  @Test
  void everyCallStyleIsOneCallWithBedrocksTokens() throws Exception {
    String secret = "secret-prompt-" + UUID.randomUUID();
    String text = "Hello from the fake provider.";
    // Bedrock prices of the two models priced here (the built-in table has no Bedrock rows), cache columns included
    Path prices = Files.createTempFile("bedrock-prices", ".csv");
    Files.writeString(prices, "provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m,cache_write_usd_per_1m,as_of\n"
        + "aws.bedrock,bedrock-converse,1.00,4.00,0.10,1.25,2026-12-01\naws.bedrock,bedrock-invoke,0.80,3.20,,,2026-12-01\n");
    try (FakeAiProvider provider = FakeAiProvider.start(); AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).sysProp("ai.bedrock.endpoint", provider.baseUrl())
        .sysProp("lantern.http.server.tenant-header", "X-Tenant").sysProp("lantern.traces.exporter", "log")
        .sysProp("lantern.gen-ai.prices.file", prices.toString()).start()) {
      provider.enqueue(Api.BEDROCK, Reply.ok().tokens(12, 30).cacheTokens(5, 7).finishReason("max_tokens")
          .toolCall("get_weather", "{\"city\":\"Paris\"}").toolCall("get_time", "{}"));
      ok(app, get(app, "/converse", "bedrock-converse", secret), "bedrock-converse|" + text);
      provider.enqueue(Api.BEDROCK, Reply.ok().tokens(21, 43));
      ok(app, get(app, "/converse-async", "bedrock-converse-async", secret), "bedrock-converse-async|" + text);
      provider.enqueue(Api.BEDROCK, Reply.ok().tokens(5, 6).cacheTokens(2, 0).chunks(4).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS)
          .toolCall("get_weather", "{\"city\":\"Oslo\"}"));
      ok(app, get(app, "/converse-stream", "bedrock-converse-stream", secret), "bedrock-converse-stream|" + text);
      provider.enqueue(Api.BEDROCK, Reply.ok().tokens(11, 22));
      ok(app, get(app, "/invoke", "bedrock-invoke", secret), "bedrock-invoke|" + text);
      provider.enqueue(Api.BEDROCK, Reply.ok().tokens(13, 17));
      ok(app, get(app, "/invoke-async", "bedrock-invoke-async", secret), "bedrock-invoke-async|" + text);
      provider.enqueue(Api.BEDROCK, Reply.ok().tokens(31, 42).chunks(3).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      ok(app, get(app, "/invoke-stream", "bedrock-invoke-stream", secret), "bedrock-invoke-stream|chunks=5");
      // the application's subscriber takes 2 events (messageStart, one delta) and cancels: ended then, no usage yet
      provider.enqueue(Api.BEDROCK, Reply.ok().tokens(9, 9).chunks(5).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS).chunkDelayMs(200));
      ok(app, get(app, "/converse-stream?take=2", "bedrock-converse-cancel", secret), "bedrock-converse-cancel|messageStart;contentBlockDelta;");
      // an inference profile named by its ARN: the label is the resource part, without the account id
      provider.enqueue(Api.BEDROCK, Reply.ok().tokens(8, 9));
      ok(app, get(app, "/converse", ARN, secret), ARN + "|" + text);
      // the SDK retries a throttled attempt inside the one call
      provider.enqueue(Api.BEDROCK, Reply.rateLimited(0), Reply.ok().tokens(3, 4));
      ok(app, get(app, "/converse?retry=true", "bedrock-retried", secret), "bedrock-retried|" + text);

      Map<String, String> failures = new LinkedHashMap<>();
      provider.enqueue(Api.BEDROCK, Reply.rateLimited(1));
      failures.put("bedrock-throttled", failure(get(app, "/converse", "bedrock-throttled", secret)));
      provider.enqueue(Api.BEDROCK, Reply.error(400));
      failures.put("bedrock-async-invalid", failure(get(app, "/converse-async", "bedrock-async-invalid", secret)));
      provider.enqueue(Api.BEDROCK, Reply.rateLimited(1));
      failures.put("bedrock-invoke-throttled", failure(get(app, "/invoke", "bedrock-invoke-throttled", secret)));
      provider.enqueue(Api.BEDROCK, Reply.rateLimited(1));
      failures.put("bedrock-stream-throttled", failure(get(app, "/converse-stream", "bedrock-stream-throttled", secret)));
      provider.enqueue(Api.BEDROCK, Reply.error(500));
      failures.put("bedrock-invoke-stream-500", failure(get(app, "/invoke-stream", "bedrock-invoke-stream-500", secret)));
      assertEquals(PACKAGE + "ThrottlingException", failures.get("bedrock-throttled"));
      assertEquals(PACKAGE + "ValidationException", failures.get("bedrock-async-invalid"));
      assertEquals(PACKAGE + "ThrottlingException", failures.get("bedrock-invoke-throttled"));
      assertEquals(PACKAGE + "ThrottlingException", failures.get("bedrock-stream-throttled"));
      assertEquals(PACKAGE + "InternalServerException", failures.get("bedrock-invoke-stream-500"));
      assertEquals(0, provider.pending(Api.BEDROCK), "every scripted reply was used");
      assertEquals(9 + 1 + failures.size(), provider.requests().size(), "one request per call, two for the retried one");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 9 + failures.size());
      Metrics m = app.scrape();

      // Converse: the cache tokens are beside inputTokens, so they are added to the input
      assertOneCall(m, BEDROCK, "bedrock-converse", "bedrock-converse", 12 + 5 + 7, 30);
      assertOneCall(m, BEDROCK, "bedrock-converse-async", "bedrock-converse-async", 21, 43);
      assertOneCall(m, BEDROCK, "bedrock-converse-stream", "bedrock-converse-stream", 5 + 2, 6);
      assertOneCall(m, BEDROCK, "bedrock-invoke", "bedrock-invoke", 11, 22);
      assertOneCall(m, BEDROCK, "bedrock-invoke-async", "bedrock-invoke-async", 13, 17);
      assertOneCall(m, BEDROCK, "bedrock-invoke-stream", "bedrock-invoke-stream", 31, 42);
      assertOneCall(m, BEDROCK, "bedrock-retried", "bedrock-retried", 3, 4);
      assertOneCall(m, BEDROCK, ARN_LABEL, ARN_LABEL, 8, 9);
      // (the SDK's own HTTP request, an outbound HTTP span, has the URL the SDK sent: the ARN is in its path)
      assertTrue(!m.text().contains("123456789012"), "no account id in a label");
      assertEquals(9 + failures.size(), m.sum(DURATION + "_count"), m.describe(DURATION + "_count"));

      assertFirstChunk(m, BEDROCK, "bedrock-converse-stream", "bedrock-converse-stream", FIRST_CHUNK_DELAY_MS / 1000.0);
      assertFirstChunk(m, BEDROCK, "bedrock-invoke-stream", "bedrock-invoke-stream", FIRST_CHUNK_DELAY_MS / 1000.0);
      assertCancelled(m, events, BEDROCK, "bedrock-converse-cancel", "bedrock-converse-cancel", FIRST_CHUNK_DELAY_MS / 1000.0);
      assertTrue(events.get("bedrock-converse-cancel").get("duration_ms").asDouble() < FIRST_CHUNK_DELAY_MS + 4 * 200,
          "ended at the cancel, not at the end of the stream: " + events.get("bedrock-converse-cancel"));
      for (String model : List.of("bedrock-converse", "bedrock-converse-async", "bedrock-invoke", "bedrock-invoke-async", "bedrock-retried")) {
        assertNoSeries(m, FIRST_CHUNK + "_count", model);
      }
      assertEquals(3.0, m.sum(FIRST_CHUNK + "_count"), m.describe(FIRST_CHUNK + "_count"));

      assertFailures(m, events, failures, BEDROCK, List.copyOf(failures.keySet()));

      JsonNode converse = events.get("bedrock-converse");
      assertEquals(BEDROCK, converse.get("gen_ai_provider_name").asText());
      assertEquals("chat", converse.get("gen_ai_operation_name").asText());
      assertEquals(24, converse.get("gen_ai_usage_input_tokens").asLong());
      assertEquals(30, converse.get("gen_ai_usage_output_tokens").asLong());
      assertEquals("[\"max_tokens\"]", converse.get("gen_ai_response_finish_reasons").toString());
      assertUsageDetails(converse, 5, 7, -1);
      assertUsageDetails(events.get("bedrock-converse-stream"), 2, 0, -1);
      assertUsageDetails(events.get("bedrock-converse-async"), -1, -1, -1);
      assertUsageDetails(events.get("bedrock-invoke"), -1, -1, -1);
      assertEquals("[\"tool_use\"]", events.get("bedrock-converse-stream").get("gen_ai_response_finish_reasons").toString());
      // the toolUse blocks of the answer, and the tool-use contentBlockStart events of a stream
      assertEquals(2, converse.get("gen_ai_response_tool_calls").asInt(), converse.toString());
      assertEquals(1, events.get("bedrock-converse-stream").get("gen_ai_response_tool_calls").asInt());
      assertNull(events.get("bedrock-converse-async").get("gen_ai_response_tool_calls"));
      for (String model : List.of("bedrock-invoke", "bedrock-invoke-async", "bedrock-invoke-stream")) {
        JsonNode invoke = events.get(model);
        assertEquals(provider.requests().stream().filter(r -> r.path().startsWith("/model/" + model + "/")).count(), 1, model);
        assertTrue(invoke.get("gen_ai_usage_input_tokens").asLong() > 0, invoke.toString());
      }
      JsonNode streamed = events.get("bedrock-invoke-stream");
      assertTrue(streamed.get("time_to_first_chunk_ms").asDouble() >= FIRST_CHUNK_DELAY_MS, streamed.toString());
      assertTrue(streamed.get("duration_ms").asDouble() >= streamed.get("time_to_first_chunk_ms").asDouble());
      assertNull(converse.get("time_to_first_chunk_ms"));

      // cost: the 12 uncached input tokens at the input price, the 5 read and 7 written at the cache prices
      double converseCost = (12 * 1.00 + 5 * 0.10 + 7 * 1.25 + 30 * 4.00) / 1e6;
      double invokeCost = (11 * 0.80 + 22 * 3.20) / 1e6;
      assertEquals(converseCost, m.value(COST, Map.of("gen_ai_provider_name", BEDROCK, "gen_ai_request_model", "bedrock-converse")), 1e-12);
      assertEquals(invokeCost, m.value(COST, Map.of("gen_ai_provider_name", BEDROCK, "gen_ai_request_model", "bedrock-invoke")), 1e-12);
      assertEquals(2, m.labelSets(COST).size(), m.describe(COST));
      assertEquals(converseCost, converse.get("cost_usd").asDouble(), 1e-12);
      assertEquals(invokeCost, events.get("bedrock-invoke").get("cost_usd").asDouble(), 1e-12);

      assertInTheirRequestsTraces(app, events.values(), "/");
      assertSpansAreChildrenOfTheirRequests(app, events);
      assertNoContentAndNoAgentError(app, secret);
      String log = Files.readString(app.logFile());
      assertTrue(!log.contains("AKIAFAKEFAKEFAKE") && !log.contains("fake-secret-key"), "no credential in the event log");
      assertTrue(!m.text().contains("AKIAFAKEFAKEFAKE"), "no credential in a label");
    }
  }

  @Test
  void capturedContentIsTheSystemPromptAndMessagesTruncated() throws Exception {
    String prompt = "capture-this-prompt-" + UUID.randomUUID();
    try (FakeAiProvider provider = FakeAiProvider.start(); AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("ai.bedrock.endpoint", provider.baseUrl()).sysProp("lantern.gen-ai.capture-content", "true")
        .sysProp("lantern.gen-ai.capture-content.max-length", "24").start()) {
      provider.enqueue(Api.BEDROCK, Reply.ok().text("0123456789abcdefghijklmnopqrstuvwxyz"),
          Reply.ok().text("0123456789abcdefghijklmnopqrstuvwxyz").chunks(5), Reply.ok());
      ok(app, get(app, "/converse", "capture-converse", prompt), "capture-converse|0123456789abcdefghijklmnopqrstuvwxyz");
      ok(app, get(app, "/converse-stream", "capture-stream", prompt), "capture-stream|0123456789abcdefghijklmnopqrstuvwxyz");
      ok(app, get(app, "/invoke", "capture-invoke", prompt), "capture-invoke|Hello from the fake provider.");
      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 3);
      for (String model : List.of("capture-converse", "capture-stream")) {
        JsonNode event = events.get(model);
        assertEquals(("You are a test.\n" + prompt).substring(0, 24), event.get("gen_ai_input_messages").asText(), event.toString());
        assertEquals("0123456789abcdefghijklmn", event.get("gen_ai_output_messages").asText(), "blocks or deltas, cut");
        assertTrue(event.get("gen_ai_content_truncated").asBoolean());
      }
      JsonNode invoke = events.get("capture-invoke");
      assertNull(invoke.get("gen_ai_input_messages"), "InvokeModel's body is the model's own JSON: not read " + invoke);
      assertNull(invoke.get("gen_ai_output_messages"), invoke.toString());
      assertTrue(!Files.readString(app.logFile()).contains(prompt), "never more than the configured length");
      assertEquals(List.of(), app.events("instrumentation_error"));
    }
  }

  /** With OpenTelemetry's switch to the latest GenAI conventions, Bedrock calls are counted under the new names, exactly. */
  @Test
  void theLatestConventionsNamesCountBedrockCallsToo() throws Exception {
    try (FakeAiProvider provider = FakeAiProvider.start(); AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("ai.bedrock.endpoint", provider.baseUrl()).env("OTEL_SEMCONV_STABILITY_OPT_IN", "gen_ai_latest_experimental").start()) {
      provider.enqueue(Api.BEDROCK, Reply.ok().tokens(12, 30).cacheTokens(5, 7), Reply.ok().tokens(5, 6).cacheTokens(2, 0).chunks(3));
      ok(app, get(app, "/converse", "latest-converse", "hi"), "latest-converse|Hello from the fake provider.");
      ok(app, get(app, "/converse-stream", "latest-stream", "hi"), "latest-stream|Hello from the fake provider.");
      GenAiAssertions.awaitCallEvents(app, 2);
      Metrics m = app.scrape();
      Map<String, long[]> expected = Map.of("latest-converse", new long[] {24, 30, 5, 7}, "latest-stream", new long[] {7, 6, 2, 0});
      for (Map.Entry<String, long[]> e : expected.entrySet()) {
        String model = e.getKey();
        Map<String, String> call = GenAiAssertions.call(BEDROCK, model, model, "");
        assertEquals(1.0, m.value("gen_ai_client_inference_duration_seconds_count", call), m.describe("gen_ai_client_inference_duration_seconds_count"));
        Map<String, String> usage = new LinkedHashMap<>(call);
        usage.remove("error_type");
        usage.put("gen_ai_token_modality", "unknown");
        String[] counters = {"input_tokens", "output_tokens", "cache_read_input_tokens", "cache_write_input_tokens"};
        for (int i = 0; i < counters.length; i++) {
          String counter = "gen_ai_client_inference_usage_" + counters[i] + "_total";
          assertEquals((double) e.getValue()[i], m.value(counter, usage), model + " " + counter + "\n" + m.describe(counter));
        }
      }
      assertEquals(1.0, m.sum("gen_ai_client_inference_time_to_first_chunk_seconds_count"));
      assertTrue(m.samples(DURATION + "_count").isEmpty(), "today's names are not emitted under latest");
    }
  }

  /**
   * Each call's span: CLIENT {@code chat <model>}, a child of the server span of the request that
   * made it (same trace), {@code gen_ai.provider.name} {@code aws.bedrock}, ERROR when it failed;
   * and the SDK's own HTTP request below it is an HTTP client span, not a second AI call.
   */
  static void assertSpansAreChildrenOfTheirRequests(AgentApp app, Map<String, JsonNode> events) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (spansNamedChat(app).size() < events.size() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(1500); // longer than the exporter's batch delay: no extra span comes
    List<JsonNode> spans = app.events("span");
    String describe = spans.stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
    assertEquals(events.size(), spansNamedChat(app).size(), describe);
    Map<String, JsonNode> requests = app.events("http_request").stream().collect(Collectors.toMap(r -> r.get("span_id").asText(), r -> r));
    for (JsonNode event : events.values()) {
      String model = event.get("gen_ai_request_model").asText();
      JsonNode span = spans.stream().filter(s -> s.path("span_id").asText().equals(event.get("span_id").asText())).findFirst()
          .orElseThrow(() -> new AssertionError("no span of " + event + "\n" + describe));
      assertEquals("chat " + model, span.path("name").asText(), span.toString());
      assertTrue(!span.toString().contains("123456789012") && !event.toString().contains("123456789012"), "no account id: " + span);
      assertEquals("CLIENT", span.path("kind").asText(), span.toString());
      assertEquals(BEDROCK, span.path("attributes").path("gen_ai.provider.name").asText(), span.toString());
      assertEquals(event.get("error_type") == null ? "UNSET" : "ERROR", span.path("status").asText(), span.toString());
      List<JsonNode> children = spans.stream().filter(s -> s.path("parent_span_id").asText().equals(span.path("span_id").asText()))
          .collect(Collectors.toList());
      // the sync client's Apache HttpClient 5 requests are outbound HTTP spans below it (two for the retried call);
      // the async client's Netty requests are not instrumented as HTTP client calls
      int attempts = model.equals("bedrock-retried") ? 2 : SYNC_MODELS.contains(model) ? 1 : 0;
      assertEquals(attempts, children.size(), model + ": " + children);
      for (JsonNode child : children) {
        assertEquals("CLIENT", child.path("kind").asText(), child.toString());
        assertTrue(child.path("attributes").path("url.full").asText().contains(model.equals(ARN_LABEL) ? "us.bedrock-profile-v1" : "/model/" + model + "/"),
            child.toString());
        assertTrue(child.path("attributes").path("gen_ai.provider.name").isMissingNode(), "an HTTP span, not an AI one: " + child);
      }
      JsonNode request = requests.get(span.path("parent_span_id").asText());
      assertTrue(request != null, "the parent of " + span + " is the request's server span\n" + describe);
      assertEquals(request.get("trace_id").asText(), span.path("trace_id").asText());
      assertEquals(event.get("trace_id").asText(), span.path("trace_id").asText());
    }
  }

  /** The calls made through the sync client (with Apache HttpClient 5 underneath), one attempt each. */
  static final List<String> SYNC_MODELS = List.of("bedrock-converse", "bedrock-invoke", "bedrock-throttled", "bedrock-invoke-throttled", ARN_LABEL);

  static List<JsonNode> spansNamedChat(AgentApp app) {
    return app.events("span").stream().filter(s -> s.path("name").asText().startsWith("chat ")).collect(Collectors.toList());
  }
}
