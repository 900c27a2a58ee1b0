package io.lantern.testapps.ai;

import static io.lantern.testapps.ai.GenAiAssertions.COST;
import static io.lantern.testapps.ai.GenAiAssertions.DURATION;
import static io.lantern.testapps.ai.GenAiAssertions.FIRST_CHUNK;
import static io.lantern.testapps.ai.GenAiAssertions.TOKENS;
import static io.lantern.testapps.ai.GenAiAssertions.assertFailures;
import static io.lantern.testapps.ai.GenAiAssertions.assertFirstChunk;
import static io.lantern.testapps.ai.GenAiAssertions.assertInTheirRequestsTraces;
import static io.lantern.testapps.ai.GenAiAssertions.assertNoContentAndNoAgentError;
import static io.lantern.testapps.ai.GenAiAssertions.assertNoSeries;
import static io.lantern.testapps.ai.GenAiAssertions.assertOneCall;
import static io.lantern.testapps.ai.GenAiAssertions.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.harness.Response;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openai-java 4.x in a child JVM with the agent, against the fake provider in this JVM: every call
 * style of chat completions and responses, with scripted models, token counts, first-chunk delays
 * and error replies, each checked for its exact series, counts and one {@code gen_ai_call} event.
 */
class OpenAiIT extends FakeProviderApp {
  static final String OPENAI = "openai";
  @TempDir Path dir;

  @Override
  String[] baseUrlProperty() {
    return new String[] {"ai.openai.base-url", provider.openAiBaseUrl()};
  }

  @Test
  void everyCallStyleIsMeasuredOnceWithTheProvidersNumbers() throws Exception {
    provider.reset();
    String secret = "secret-prompt-" + UUID.randomUUID();
    Path prices = dir.resolve("prices.csv");
    Files.writeString(prices, "provider,model,input_usd_per_1m,output_usd_per_1m,as_of,cached_input_usd_per_1m\n"
        + "openai,chat-blocking-v1,2.5,10,2026-01-01,1.25\n"
        + "openai,responses-blocking,1,2\n"
        + "openai,broken-row,cheap,1\n");
    try (AgentApp app = start("lantern.gen-ai.prices.file", prices.toString())) {
      // successes: blocking, async, streaming (with and without usage, closed early), responses x3, a retried call
      provider.enqueue(Api.OPENAI, Reply.ok().model("chat-blocking-v1").tokens(12, 34).cacheTokens(10, 0).reasoningTokens(30).finishReason("length"));
      ok(get(app, "/openai/chat", "chat-blocking", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("chat-async-v1").tokens(21, 43));
      ok(get(app, "/openai/chat-async", "chat-async", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("chat-stream-usage-v1").tokens(5, 7).cacheTokens(3, 0).reasoningTokens(2).chunks(4).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      Response streamed = get(app, "/openai/chat-stream?usage=true", "chat-stream-usage", secret);
      ok(streamed);
      assertEquals("chat-stream-usage-v1|Hello from the fake provider.", streamed.body());
      provider.enqueue(Api.OPENAI, Reply.ok().model("chat-stream-nousage-v1").tokens(5, 7).chunks(4).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      ok(get(app, "/openai/chat-stream", "chat-stream-nousage", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("chat-stream-early-v1").tokens(5, 7).chunks(5));
      Response early = get(app, "/openai/chat-stream?usage=true&take=1", "chat-stream-early", secret);
      ok(early);
      assertEquals("chat-stream-early-v1|Hello", early.body());
      provider.enqueue(Api.OPENAI, Reply.ok().model("responses-blocking-v1").tokens(36, 87).cacheTokens(20, 0).reasoningTokens(50));
      ok(get(app, "/openai/responses", "responses-blocking", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("responses-async-v1").tokens(8, 9));
      ok(get(app, "/openai/responses-async", "responses-async", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("responses-stream-v1").tokens(11, 22).cacheTokens(4, 0).reasoningTokens(6).chunks(3).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      ok(get(app, "/openai/responses-stream", "responses-stream", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("chat-async-stream-v1").tokens(13, 17).chunks(4).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      Response asyncStreamed = get(app, "/openai/chat-async-stream?usage=true", "chat-async-stream", secret);
      ok(asyncStreamed);
      assertEquals("chat-async-stream-v1|Hello from the fake provider.", asyncStreamed.body());
      provider.enqueue(Api.OPENAI, Reply.ok().model("responses-async-stream-v1").tokens(14, 18).chunks(2));
      ok(get(app, "/openai/responses-async-stream", "responses-async-stream", secret));
      provider.enqueue(Api.OPENAI, Reply.rateLimited(1), Reply.ok().model("chat-retry-v1").tokens(3, 4));
      ok(get(app, "/openai/chat-retry", "chat-retry", secret));

      // failures: the app gets the SDK's exception; error_type is its class
      Map<String, String> failures = new LinkedHashMap<>();
      provider.enqueue(Api.OPENAI, Reply.rateLimited(2));
      failures.put("chat-429", failure(get(app, "/openai/chat", "chat-429", secret)));
      provider.enqueue(Api.OPENAI, Reply.error(500));
      failures.put("chat-500", failure(get(app, "/openai/chat", "chat-500", secret)));
      provider.enqueue(Api.OPENAI, Reply.malformedBody());
      failures.put("chat-malformed", failure(get(app, "/openai/chat", "chat-malformed", secret)));
      provider.enqueue(Api.OPENAI, Reply.error(500));
      failures.put("chat-async-500", failure(get(app, "/openai/chat-async", "chat-async-500", secret)));
      provider.enqueue(Api.OPENAI, Reply.rateLimited(1));
      failures.put("chat-stream-429", failure(get(app, "/openai/chat-stream", "chat-stream-429", secret)));
      provider.enqueue(Api.OPENAI, Reply.rateLimited(1));
      failures.put("chat-async-stream-429", failure(get(app, "/openai/chat-async-stream", "chat-async-stream-429", secret)));
      provider.enqueue(Api.OPENAI, Reply.malformedBody());
      failures.put("chat-stream-malformed", failure(get(app, "/openai/chat-stream?usage=true", "chat-stream-malformed", secret)));
      assertEquals("com.openai.errors.RateLimitException", failures.get("chat-429"));
      assertEquals("com.openai.errors.InternalServerException", failures.get("chat-500"));
      assertEquals("com.openai.errors.InternalServerException", failures.get("chat-async-500"));
      assertEquals("com.openai.errors.RateLimitException", failures.get("chat-stream-429"));
      assertEquals("com.openai.errors.RateLimitException", failures.get("chat-async-stream-429"));
      assertEquals(0, provider.pending(Api.OPENAI), "every scripted reply was used");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 11 + failures.size());
      Metrics m = app.scrape();

      assertOneCall(m, OPENAI, "chat-blocking", "chat-blocking-v1", 12, 34);
      assertOneCall(m, OPENAI, "chat-async", "chat-async-v1", 21, 43);
      assertOneCall(m, OPENAI, "chat-stream-usage", "chat-stream-usage-v1", 5, 7);
      assertOneCall(m, OPENAI, "responses-blocking", "responses-blocking-v1", 36, 87);
      assertOneCall(m, OPENAI, "responses-async", "responses-async-v1", 8, 9);
      assertOneCall(m, OPENAI, "responses-stream", "responses-stream-v1", 11, 22);
      assertOneCall(m, OPENAI, "chat-retry", "chat-retry-v1", 3, 4);
      assertOneCall(m, OPENAI, "chat-async-stream", "chat-async-stream-v1", 13, 17);
      assertOneCall(m, OPENAI, "responses-async-stream", "responses-async-stream-v1", 14, 18);
      // no usage asked for, or the stream closed before it: a duration, no token observation
      for (String model : List.of("chat-stream-nousage", "chat-stream-early")) {
        assertEquals(1.0, m.value(DURATION + "_count", call(OPENAI, model, model + "-v1", "")), m.describe(DURATION + "_count"));
        assertNoSeries(m, TOKENS + "_count", model);
        assertNoSeries(m, COST, model);
      }
      // time to first chunk: streaming calls only, at least the server's delay
      assertFirstChunk(m, OPENAI, "chat-stream-usage", "chat-stream-usage-v1", FIRST_CHUNK_DELAY_MS / 1000.0);
      assertFirstChunk(m, OPENAI, "chat-stream-nousage", "chat-stream-nousage-v1", FIRST_CHUNK_DELAY_MS / 1000.0);
      assertFirstChunk(m, OPENAI, "responses-stream", "responses-stream-v1", FIRST_CHUNK_DELAY_MS / 1000.0);
      assertFirstChunk(m, OPENAI, "chat-async-stream", "chat-async-stream-v1", FIRST_CHUNK_DELAY_MS / 1000.0);
      for (String model : List.of("chat-blocking", "chat-async", "responses-blocking", "responses-async", "chat-retry")) {
        assertNoSeries(m, FIRST_CHUNK + "_count", model);
      }
      // the retry (retry-after: 1) happened inside the one call
      assertTrue(m.value(DURATION + "_sum", call(OPENAI, "chat-retry", "chat-retry-v1", "")) >= 1.0, m.describe(DURATION + "_sum"));
      assertEquals(1.0, m.value(DURATION + "_count", call(OPENAI, "chat-retry", "chat-retry-v1", "")));
      assertFalse(m.labelSets(DURATION + "_count").stream().anyMatch(l -> "chat-retry".equals(l.get("gen_ai_request_model"))
          && !l.get("error_type").isEmpty()), "the 429 that was retried is not an error of the call");

      // failures: one series each with the class the application saw, no tokens; no response model when the provider said no
      assertFailures(m, events, failures, OPENAI, List.of("chat-429", "chat-500", "chat-async-500", "chat-stream-429", "chat-async-stream-429"));

      // cost: from the test's price file, by the model that answered, else the model requested; none when unknown
      assertEquals((12 - 10) * 2.5e-6 + 10 * 1.25e-6 + 34 * 10e-6, m.value(COST, Map.of("gen_ai_provider_name", OPENAI, "gen_ai_request_model", "chat-blocking")), 1e-12);
      assertEquals(36 * 1e-6 + 87 * 2e-6, m.value(COST, Map.of("gen_ai_provider_name", OPENAI, "gen_ai_request_model", "responses-blocking")), 1e-12);
      assertEquals(2, m.labelSets(COST).size(), m.describe(COST));
      assertEquals((12 - 10) * 2.5e-6 + 10 * 1.25e-6 + 34 * 10e-6, events.get("chat-blocking").get("cost_usd").asDouble(), 1e-12);
      assertNull(events.get("chat-async").get("cost_usd"));
      List<JsonNode> warnings = app.events("config_warning");
      assertEquals(1, warnings.size(), warnings.toString());
      assertEquals("lantern.gen-ai.prices.file", warnings.get(0).get("key").asText());
      assertTrue(warnings.get(0).get("value").asText().contains("line 4"), warnings.toString());

      // the events: exact numbers, finish reasons, tenant, the usage note, trace ids of the request
      JsonNode blocking = events.get("chat-blocking");
      assertEquals("openai", blocking.get("gen_ai_provider_name").asText());
      assertEquals("chat", blocking.get("gen_ai_operation_name").asText());
      assertEquals("chat-blocking-v1", blocking.get("gen_ai_response_model").asText());
      assertEquals(12, blocking.get("gen_ai_usage_input_tokens").asLong());
      assertEquals(34, blocking.get("gen_ai_usage_output_tokens").asLong());
      assertEquals("[\"length\"]", blocking.get("gen_ai_response_finish_reasons").toString());
      assertNull(blocking.get("time_to_first_chunk_ms"));
      // cached and reasoning tokens: parts of prompt_tokens / completion_tokens (input_tokens / output_tokens), as reported
      GenAiAssertions.assertUsageDetails(blocking, 10, -1, 30);
      GenAiAssertions.assertUsageDetails(events.get("chat-stream-usage"), 3, -1, 2);
      GenAiAssertions.assertUsageDetails(events.get("responses-blocking"), 20, -1, 50);
      GenAiAssertions.assertUsageDetails(events.get("responses-stream"), 4, -1, 6);
      GenAiAssertions.assertUsageDetails(events.get("chat-async"), 0, -1, 0);
      GenAiAssertions.assertUsageDetails(events.get("chat-stream-nousage"), -1, -1, -1);
      assertEquals("[\"completed\"]", events.get("responses-stream").get("gen_ai_response_finish_reasons").toString());
      JsonNode noUsage = events.get("chat-stream-nousage");
      assertTrue(noUsage.get("gen_ai_usage_input_tokens").isNull(), noUsage.toString());
      assertTrue(noUsage.get("gen_ai_usage_output_tokens").isNull());
      assertTrue(noUsage.get("gen_ai_usage_note").asText().contains("include_usage"), noUsage.toString());
      assertTrue(noUsage.get("time_to_first_chunk_ms").asDouble() >= FIRST_CHUNK_DELAY_MS, noUsage.toString());
      assertTrue(noUsage.get("duration_ms").asDouble() >= noUsage.get("time_to_first_chunk_ms").asDouble());
      assertTrue(events.get("chat-stream-early").get("gen_ai_usage_output_tokens").isNull(), "closed before the usage chunk");
      assertInTheirRequestsTraces(app, events.values(), "/openai/");

      // exemplars on the AI histograms name AI call spans
      Set<String> callSpans = events.values().stream().map(e -> e.get("span_id").asText()).collect(Collectors.toSet());
      List<Metrics.Exemplar> exemplars = app.scrapeOpenMetrics().exemplars(DURATION + "_bucket");
      assertFalse(exemplars.isEmpty(), "no exemplar on " + DURATION);
      for (Metrics.Exemplar exemplar : exemplars) {
        assertTrue(callSpans.contains(exemplar.spanId()), "exemplar " + exemplar + " is not an AI call's span");
      }

      // the request objects were not changed: no include_usage was added to a stream that did not ask
      Set<String> streamOptions = provider.requests().stream()
          .filter(r -> r.json().path("model").asText().startsWith("chat-stream"))
          .map(r -> r.json().path("model").asText() + "=" + r.json().path("stream_options").path("include_usage").asText("absent"))
          .collect(Collectors.toSet());
      assertEquals(Set.of("chat-stream-usage=true", "chat-stream-nousage=absent", "chat-stream-early=true",
          "chat-stream-429=absent", "chat-stream-malformed=true"), streamOptions);
      assertEquals(0, provider.requests().stream().filter(r -> r.json().path("model").asText().startsWith("chat-async-stream-429"))
          .filter(r -> r.json().has("stream_options")).count());

      // no prompt or completion text anywhere by default
      assertNoContentAndNoAgentError(app, secret);
    }
  }

  @Test
  void capturedContentIsTruncatedToTheConfiguredLength() throws Exception {
    provider.reset();
    String prompt = "capture-this-prompt-" + UUID.randomUUID();
    try (AgentApp app = start("lantern.gen-ai.capture-content", "true", "lantern.gen-ai.capture-content.max-length", "16")) {
      provider.enqueue(Api.OPENAI, Reply.ok().text("0123456789abcdefghij"), Reply.ok().text("0123456789abcdefghij").chunks(5));
      ok(get(app, "/openai/responses", "capture-responses", prompt));
      ok(get(app, "/openai/chat-stream", "capture-stream", prompt));
      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 2);
      JsonNode responses = events.get("capture-responses");
      assertEquals(prompt.substring(0, 16), responses.get("gen_ai_input_messages").asText(), responses.toString());
      assertEquals("0123456789abcdef", responses.get("gen_ai_output_messages").asText());
      assertTrue(responses.get("gen_ai_content_truncated").asBoolean());
      JsonNode stream = events.get("capture-stream");
      assertEquals("0123456789abcdef", stream.get("gen_ai_output_messages").asText(), "stream deltas, cut");
      assertEquals(16, stream.get("gen_ai_input_messages").asText().length());
      assertFalse(Files.readString(app.logFile()).contains(prompt), "never more than the configured length");
      assertEquals(List.of(), app.events("instrumentation_error"));
    }
  }

  @Test
  void embeddingsAreMeasuredOnceWithInputTokensOnly() throws Exception {
    provider.reset();
    String secret = "secret-embed-" + UUID.randomUUID();
    Path prices = dir.resolve("embed-prices.csv");
    Files.writeString(prices, "provider,model,input_usd_per_1m,output_usd_per_1m\nopenai,embed-blocking-v1,0.02,0\n");
    try (AgentApp app = start("lantern.gen-ai.prices.file", prices.toString())) {
      provider.enqueue(Api.OPENAI, Reply.ok().model("embed-blocking-v1").tokens(8, 0));
      ok(get(app, "/openai/embeddings", "embed-blocking", secret), "embed-blocking-v1|1");
      provider.enqueue(Api.OPENAI, Reply.ok().model("embed-async-v1").tokens(27, 0));
      ok(get(app, "/openai/embeddings-async?inputs=3", "embed-async", secret), "embed-async-v1|3");
      provider.enqueue(Api.OPENAI, Reply.error(500));
      assertEquals("com.openai.errors.InternalServerException", failure(get(app, "/openai/embeddings", "embed-500", secret)));
      // a chat completion asking for two tools: their count on the chat call's event
      provider.enqueue(Api.OPENAI, Reply.ok().model("chat-tools-v1").tokens(30, 12).toolCall("weather", "{\"city\":\"Oslo\"}")
          .toolCall("time", "{}"));
      ok(get(app, "/openai/chat", "chat-tools", secret), "chat-tools-v1|");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 4);
      JsonNode tools = events.get("chat-tools");
      assertEquals(2, tools.get("gen_ai_response_tool_calls").asInt(), tools.toString());
      assertEquals("[\"tool_calls\"]", tools.get("gen_ai_response_finish_reasons").toString());
      assertNull(events.get("embed-blocking").get("gen_ai_response_tool_calls"), "written only when the model asked for tools");
      Metrics m = app.scrape();
      GenAiAssertions.assertOneEmbedding(m, events, OPENAI, "embed-blocking", "embed-blocking-v1", 8);
      GenAiAssertions.assertOneEmbedding(m, events, OPENAI, "embed-async", "embed-async-v1", 27);
      assertEquals("acme", events.get("embed-async").get("tenant").asText());
      // no output token observation at all, and nothing under chat
      assertFalse(m.labelSets(TOKENS + "_count").stream().anyMatch(l -> "output".equals(l.get("gen_ai_token_type"))
          && !"chat-tools".equals(l.get("gen_ai_request_model"))), m.describe(TOKENS + "_count"));
      assertOneCall(m, OPENAI, "chat-tools", "chat-tools-v1", 30, 12);
      assertEquals(4, m.labelSets(DURATION + "_count").size(), m.describe(DURATION + "_count"));
      assertEquals(1.0, m.value(DURATION + "_count", GenAiAssertions.embeddings(OPENAI, "embed-500", "", "com.openai.errors.InternalServerException")), m.describe(DURATION + "_count"));
      assertEquals("com.openai.errors.InternalServerException", events.get("embed-500").get("error_type").asText());
      // cost: input tokens at the input price
      assertEquals(8 * 0.02e-6, m.value(COST, Map.of("gen_ai_provider_name", OPENAI, "gen_ai_request_model", "embed-blocking")), 1e-15);
      assertEquals(8 * 0.02e-6, events.get("embed-blocking").get("cost_usd").asDouble(), 1e-15);
      assertEquals(1, m.labelSets(COST).size(), m.describe(COST));
      assertInTheirRequestsTraces(app, events.values(), "/openai/");
      assertEquals(3, provider.requests().stream().filter(r -> r.path().endsWith("/v1/embeddings")).count());
      assertEquals(4, provider.requests().size());
      assertNoContentAndNoAgentError(app, secret);
    }
  }

  @Test
  void aConfiguredHostNamesTheProviderOfItsCalls() throws Exception {
    provider.reset();
    String hostPort = provider.baseUrl().substring("http://".length());
    // a self-hosted server: its host:port mapped; an unmapped port of the same host would stay openai
    try (AgentApp app = start("lantern.gen-ai.provider-hosts", "localhost:1=ollama, " + hostPort + "=vllm")) {
      provider.enqueue(Api.OPENAI, Reply.ok().model("hosted-v1").tokens(6, 9));
      ok(get(app, "/openai/chat", "hosted", "hi"));
      provider.enqueue(Api.OPENAI, Reply.ok().model("hosted-stream-v1").tokens(2, 3).chunks(2));
      ok(get(app, "/openai/chat-stream?usage=true", "hosted-stream", "hi"));
      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 2);
      Metrics m = app.scrape();
      assertOneCall(m, "vllm", "hosted", "hosted-v1", 6, 9);
      assertOneCall(m, "vllm", "hosted-stream", "hosted-stream-v1", 2, 3);
      assertEquals(Set.of("vllm"), m.labelSets(DURATION + "_count").stream().map(l -> l.get("gen_ai_provider_name"))
          .collect(Collectors.toSet()), m.describe(DURATION + "_count"));
      assertEquals("vllm", events.get("hosted").get("gen_ai_provider_name").asText());
      assertEquals("vllm", events.get("hosted-stream").get("gen_ai_provider_name").asText());
      assertEquals(List.of(), app.events("config_warning"));
      assertEquals(List.of(), app.events("instrumentation_error"));
    }
  }
}
