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
import static io.lantern.testapps.ai.GenAiAssertions.tokens;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * google-genai 1.x in a child JVM with the agent, against the fake provider in this JVM: {@code
 * generateContent} blocking and async, {@code generateContentStream} read to the end, closed early
 * and async, on the Gemini API and on Vertex AI, with scripted models, tokens, first-chunk delays
 * and error replies, each checked for its exact series, counts and one {@code gen_ai_call} event.
 */
class GoogleGenAiIT extends FakeProviderApp {
  static final String GEMINI = "gcp.gemini";
  static final String VERTEX = "gcp.vertex_ai";

  @Override
  String[] baseUrlProperty() {
    return new String[] {"ai.gemini.base-url", provider.baseUrl()};
  }

  @Test
  void everyCallStyleIsMeasuredOnceWithTheProvidersNumbers() throws Exception {
    provider.reset();
    String secret = "secret-prompt-" + UUID.randomUUID();
    String text = "Hello from the fake provider.";
    try (AgentApp app = start()) {
      provider.enqueue(Api.GEMINI, Reply.ok().model("gemini-blocking-v1").tokens(12, 30).cacheTokens(8, 0).reasoningTokens(4).finishReason("MAX_TOKENS"));
      ok(get(app, "/gemini/generate", "gemini-blocking", secret), "gemini-blocking-v1|" + text);
      provider.enqueue(Api.GEMINI, Reply.ok().model("gemini-async-v1").tokens(21, 43));
      ok(get(app, "/gemini/generate-async", "gemini-async", secret), "gemini-async-v1|" + text);
      provider.enqueue(Api.GEMINI, Reply.ok().model("gemini-stream-v1").tokens(5, 4).cacheTokens(2, 0).reasoningTokens(3).chunks(4).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      ok(get(app, "/gemini/generate-stream", "gemini-stream", secret), "gemini-stream-v1|" + text);
      provider.enqueue(Api.GEMINI, Reply.ok().model("gemini-early-v1").tokens(10, 20).chunks(5));
      ok(get(app, "/gemini/generate-stream?take=1", "gemini-early", secret), "gemini-early-v1|Hello");
      provider.enqueue(Api.GEMINI, Reply.ok().model("gemini-async-stream-v1").tokens(13, 17).chunks(3)
          .firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      ok(get(app, "/gemini/generate-async-stream", "gemini-async-stream", secret), "gemini-async-stream-v1|" + text);
      provider.enqueue(Api.GEMINI, Reply.ok().model("gemini-vertex-v1").tokens(6, 8));
      ok(get(app, "/gemini/generate?vertex=true", "gemini-vertex", secret), "gemini-vertex-v1|" + text);
      // the model as requested answers: the built-in dated price table knows it
      ok(get(app, "/gemini/generate", "gemini-2.5-flash", secret), "gemini-2.5-flash|" + text);

      Map<String, String> failures = new LinkedHashMap<>();
      provider.enqueue(Api.GEMINI, Reply.rateLimited(2));
      failures.put("gemini-429", failure(get(app, "/gemini/generate", "gemini-429", secret)));
      provider.enqueue(Api.GEMINI, Reply.error(500));
      failures.put("gemini-500", failure(get(app, "/gemini/generate", "gemini-500", secret)));
      provider.enqueue(Api.GEMINI, Reply.malformedBody());
      failures.put("gemini-malformed", failure(get(app, "/gemini/generate", "gemini-malformed", secret)));
      provider.enqueue(Api.GEMINI, Reply.error(500));
      failures.put("gemini-async-500", failure(get(app, "/gemini/generate-async", "gemini-async-500", secret)));
      provider.enqueue(Api.GEMINI, Reply.rateLimited(1));
      failures.put("gemini-stream-429", failure(get(app, "/gemini/generate-stream", "gemini-stream-429", secret)));
      provider.enqueue(Api.GEMINI, Reply.rateLimited(1));
      failures.put("gemini-async-stream-429", failure(get(app, "/gemini/generate-async-stream", "gemini-async-stream-429", secret)));
      assertEquals("com.google.genai.errors.ClientException", failures.get("gemini-429"));
      assertEquals("com.google.genai.errors.ServerException", failures.get("gemini-500"));
      assertEquals("com.google.genai.errors.ServerException", failures.get("gemini-async-500"));
      assertEquals("com.google.genai.errors.ClientException", failures.get("gemini-stream-429"));
      assertEquals("com.google.genai.errors.ClientException", failures.get("gemini-async-stream-429"));
      assertEquals(0, provider.pending(Api.GEMINI), "every scripted reply was used");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 7 + failures.size());
      Metrics m = app.scrape();

      assertOneCall(m, GEMINI, "gemini-blocking", "gemini-blocking-v1", 12, 34);
      assertOneCall(m, GEMINI, "gemini-async", "gemini-async-v1", 21, 43);
      assertOneCall(m, GEMINI, "gemini-stream", "gemini-stream-v1", 5, 7);
      assertOneCall(m, GEMINI, "gemini-async-stream", "gemini-async-stream-v1", 13, 17);
      assertOneCall(m, VERTEX, "gemini-vertex", "gemini-vertex-v1", 6, 8);
      assertOneCall(m, GEMINI, "gemini-2.5-flash", "gemini-2.5-flash", 10, 20);
      // closed after the first of 5 chunks: the counts that chunk carried (20 * 1/5 output so far)
      assertOneCall(m, GEMINI, "gemini-early", "gemini-early-v1", 10, 4);
      assertFalse(m.labelSets(DURATION + "_count").stream().anyMatch(l -> "gemini-vertex".equals(l.get("gen_ai_request_model"))
          && GEMINI.equals(l.get("gen_ai_provider_name"))), "a Vertex AI client's calls are gcp.vertex_ai");

      assertFirstChunk(m, GEMINI, "gemini-stream", "gemini-stream-v1", FIRST_CHUNK_DELAY_MS / 1000.0);
      assertFirstChunk(m, GEMINI, "gemini-async-stream", "gemini-async-stream-v1", FIRST_CHUNK_DELAY_MS / 1000.0);
      for (String model : List.of("gemini-blocking", "gemini-async", "gemini-vertex", "gemini-2.5-flash")) {
        assertNoSeries(m, FIRST_CHUNK + "_count", model);
      }

      // failures: one series each with the class the application saw, no tokens; no response model when the provider said no
      assertFailures(m, events, failures, GEMINI, List.of("gemini-429", "gemini-500", "gemini-async-500", "gemini-stream-429", "gemini-async-stream-429"));

      // cost from the built-in table (2025-11-01: 0.30 / 2.50 USD per million); none for unknown models
      double cost = 10 * 0.30e-6 + 20 * 2.50e-6;
      assertEquals(cost, m.value(COST, Map.of("gen_ai_provider_name", GEMINI, "gen_ai_request_model", "gemini-2.5-flash")), 1e-12);
      assertEquals(1, m.labelSets(COST).size(), m.describe(COST));
      assertEquals(cost, events.get("gemini-2.5-flash").get("cost_usd").asDouble(), 1e-12);

      JsonNode blocking = events.get("gemini-blocking");
      assertEquals(GEMINI, blocking.get("gen_ai_provider_name").asText());
      assertEquals("generate_content", blocking.get("gen_ai_operation_name").asText());
      assertEquals("gemini-blocking-v1", blocking.get("gen_ai_response_model").asText());
      assertEquals(12, blocking.get("gen_ai_usage_input_tokens").asLong());
      assertEquals(34, blocking.get("gen_ai_usage_output_tokens").asLong());
      assertEquals("[\"MAX_TOKENS\"]", blocking.get("gen_ai_response_finish_reasons").toString());
      assertNull(blocking.get("time_to_first_chunk_ms"));
      // cachedContentTokenCount is inside promptTokenCount; thoughtsTokenCount is beside candidatesTokenCount, added to the output
      GenAiAssertions.assertUsageDetails(blocking, 8, -1, 4);
      GenAiAssertions.assertUsageDetails(events.get("gemini-stream"), 2, -1, 3);
      GenAiAssertions.assertUsageDetails(events.get("gemini-async"), 0, -1, 0);
      JsonNode streamed = events.get("gemini-stream");
      assertEquals("[\"STOP\"]", streamed.get("gen_ai_response_finish_reasons").toString());
      assertTrue(streamed.get("time_to_first_chunk_ms").asDouble() >= FIRST_CHUNK_DELAY_MS, streamed.toString());
      assertTrue(streamed.get("duration_ms").asDouble() >= streamed.get("time_to_first_chunk_ms").asDouble());
      assertEquals(VERTEX, events.get("gemini-vertex").get("gen_ai_provider_name").asText());
      assertInTheirRequestsTraces(app, events.values(), "/gemini/");

      // no prompt or completion text anywhere by default
      assertNoContentAndNoAgentError(app, secret);
    }
  }

  @Test
  void capturedContentIsTheSystemInstructionAndContentsTruncated() throws Exception {
    provider.reset();
    String prompt = "capture-this-prompt-" + UUID.randomUUID();
    try (AgentApp app = start("lantern.gen-ai.capture-content", "true", "lantern.gen-ai.capture-content.max-length", "24")) {
      provider.enqueue(Api.GEMINI, Reply.ok().text("0123456789abcdefghijklmnopqrstuvwxyz"),
          Reply.ok().text("0123456789abcdefghijklmnopqrstuvwxyz").chunks(5));
      get(app, "/gemini/generate", "capture-blocking", prompt);
      get(app, "/gemini/generate-stream", "capture-stream", prompt);
      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 2);
      for (JsonNode event : events.values()) {
        assertEquals(("You are a test.\n" + prompt).substring(0, 24), event.get("gen_ai_input_messages").asText(), event.toString());
        assertEquals("0123456789abcdefghijklmn", event.get("gen_ai_output_messages").asText(), "parts or chunks, cut");
        assertTrue(event.get("gen_ai_content_truncated").asBoolean());
      }
      assertFalse(Files.readString(app.logFile()).contains(prompt), "never more than the configured length");
      assertEquals(List.of(), app.events("instrumentation_error"));
    }
  }

  @Test
  void embedContentIsOneEmbeddingsCallWithTheTokensTheApiReports() throws Exception {
    provider.reset();
    String secret = "secret-gemini-embed-" + UUID.randomUUID();
    try (AgentApp app = start()) {
      // Gemini Developer API: no token counts in an embedding response
      ok(get(app, "/gemini/embed", "gemini-embed-one", secret), "|1");
      ok(get(app, "/gemini/embed?inputs=3", "gemini-embed-batch", secret), "|3");
      // Vertex AI: each embedding's statistics.token_count, summed
      provider.enqueue(Api.GEMINI, Reply.ok().tokens(9, 0));
      ok(get(app, "/gemini/embed-async?vertex=true&inputs=2", "text-embedding-005", secret), "|2");
      provider.enqueue(Api.GEMINI, Reply.error(429));
      assertEquals(500, get(app, "/gemini/embed", "gemini-embed-429", secret).status());

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 4);
      Metrics m = app.scrape();
      for (String[] one : new String[][] {{GEMINI, "gemini-embed-one"}, {GEMINI, "gemini-embed-batch"}, {VERTEX, "text-embedding-005"}}) {
        Map<String, String> labels = GenAiAssertions.embeddings(one[0], one[1], "", "");
        assertEquals(1.0, m.value(DURATION + "_count", labels), one[1] + "\n" + m.describe(DURATION + "_count"));
        JsonNode event = events.get(one[1]);
        assertEquals("embeddings", event.get("gen_ai_operation_name").asText(), event.toString());
        assertEquals(one[0], event.get("gen_ai_provider_name").asText());
        assertTrue(event.get("gen_ai_usage_output_tokens").isNull());
      }
      assertTrue(events.get("gemini-embed-one").get("gen_ai_usage_input_tokens").isNull(), "the Gemini API reports no embedding tokens");
      assertTrue(events.get("gemini-embed-one").has("gen_ai_usage_note"));
      assertEquals(9, events.get("text-embedding-005").get("gen_ai_usage_input_tokens").asLong(), events.get("text-embedding-005").toString());
      Map<String, String> tokens = tokens(VERTEX, "text-embedding-005", "", "input");
      tokens.put("gen_ai_operation_name", "embeddings");
      assertEquals(9.0, m.value(TOKENS + "_sum", tokens), m.describe(TOKENS + "_sum"));
      assertEquals(1, m.labelSets(TOKENS + "_count").size(), m.describe(TOKENS + "_count"));
      assertEquals(1.0, m.value(DURATION + "_count", GenAiAssertions.embeddings(GEMINI, "gemini-embed-429", "",
          "com.google.genai.errors.ClientException")), m.describe(DURATION + "_count"));
      assertEquals(4, m.labelSets(DURATION + "_count").size(), "each call once (the String overload nests in the List one)");
      assertNoContentAndNoAgentError(app, secret);
    }
  }
}
