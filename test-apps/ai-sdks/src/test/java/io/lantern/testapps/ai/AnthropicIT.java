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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * anthropic-java 3.x in a child JVM with the agent, against the fake provider in this JVM: messages
 * created blocking, async, streaming (read to the end and closed early), async streaming and
 * through the beta service, with scripted models, tokens (cache tokens counted as input),
 * first-chunk delays and error replies, each checked for its exact series, counts and one {@code
 * gen_ai_call} event.
 */
class AnthropicIT extends FakeProviderApp {
  static final String ANTHROPIC = "anthropic";
  @TempDir Path dir;

  @Override
  String[] baseUrlProperty() {
    return new String[] {"ai.anthropic.base-url", provider.baseUrl()};
  }

  @Test
  void everyCallStyleIsMeasuredOnceWithTheProvidersNumbers() throws Exception {
    provider.reset();
    String secret = "secret-prompt-" + UUID.randomUUID();
    String text = "Hello from the fake provider.";
    Path prices = dir.resolve("prices.csv");
    // a header naming its columns in another order, with cache-read and cache-write prices
    Files.writeString(prices, "model,as_of,cached_input_usd_per_1m,output_usd_per_1m,provider,cache_write_usd_per_1m,input_usd_per_1m\n"
        + "claude-blocking-v1,2026-01-01,0.30,15,anthropic,3.75,3\n");
    try (AgentApp app = start("lantern.gen-ai.prices.file", prices.toString())) {
      // successes: input tokens are input + cache read + cache creation, as the API bills them
      provider.enqueue(Api.ANTHROPIC, Reply.ok().model("claude-blocking-v1").tokens(12, 34).cacheTokens(1000, 100).finishReason("max_tokens"));
      ok(get(app, "/anthropic/messages", "claude-blocking", secret), "claude-blocking-v1|" + text);
      provider.enqueue(Api.ANTHROPIC, Reply.ok().model("claude-async-v1").tokens(21, 43).cacheTokens(5, 0));
      ok(get(app, "/anthropic/messages-async", "claude-async", secret), "claude-async-v1|" + text);
      provider.enqueue(Api.ANTHROPIC, Reply.ok().model("claude-stream-v1").tokens(5, 7).cacheTokens(11, 13).chunks(4)
          .firstChunkDelayMs(FIRST_CHUNK_DELAY_MS).finishReason("stop_sequence"));
      ok(get(app, "/anthropic/messages-stream", "claude-stream", secret), "claude-stream-v1|" + text);
      provider.enqueue(Api.ANTHROPIC, Reply.ok().model("claude-early-v1").tokens(9, 99).chunks(5));
      ok(get(app, "/anthropic/messages-stream?take=1", "claude-early", secret), "claude-early-v1|");
      provider.enqueue(Api.ANTHROPIC, Reply.ok().model("claude-async-stream-v1").tokens(13, 17).cacheTokens(2, 3).chunks(4)
          .firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      ok(get(app, "/anthropic/messages-async-stream", "claude-async-stream", secret), "claude-async-stream-v1|" + text);
      provider.enqueue(Api.ANTHROPIC, Reply.ok().model("claude-beta-v1").tokens(6, 8));
      ok(get(app, "/anthropic/beta-messages", "claude-beta", secret), "claude-beta-v1|" + text);

      // failures: the app gets the SDK's exception; error_type is its class
      Map<String, String> failures = new LinkedHashMap<>();
      provider.enqueue(Api.ANTHROPIC, Reply.rateLimited(2));
      failures.put("claude-429", failure(get(app, "/anthropic/messages", "claude-429", secret)));
      provider.enqueue(Api.ANTHROPIC, Reply.error(500));
      failures.put("claude-500", failure(get(app, "/anthropic/messages", "claude-500", secret)));
      provider.enqueue(Api.ANTHROPIC, Reply.malformedBody());
      failures.put("claude-malformed", failure(get(app, "/anthropic/messages", "claude-malformed", secret)));
      provider.enqueue(Api.ANTHROPIC, Reply.error(500));
      failures.put("claude-async-500", failure(get(app, "/anthropic/messages-async", "claude-async-500", secret)));
      provider.enqueue(Api.ANTHROPIC, Reply.rateLimited(1));
      failures.put("claude-stream-429", failure(get(app, "/anthropic/messages-stream", "claude-stream-429", secret)));
      provider.enqueue(Api.ANTHROPIC, Reply.rateLimited(1));
      failures.put("claude-async-stream-429", failure(get(app, "/anthropic/messages-async-stream", "claude-async-stream-429", secret)));
      assertEquals("com.anthropic.errors.RateLimitException", failures.get("claude-429"));
      assertEquals("com.anthropic.errors.InternalServerException", failures.get("claude-500"));
      assertEquals("com.anthropic.errors.InternalServerException", failures.get("claude-async-500"));
      assertEquals("com.anthropic.errors.RateLimitException", failures.get("claude-stream-429"));
      assertEquals("com.anthropic.errors.RateLimitException", failures.get("claude-async-stream-429"));
      assertEquals(0, provider.pending(Api.ANTHROPIC), "every scripted reply was used");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 6 + failures.size());
      Metrics m = app.scrape();

      assertOneCall(m, ANTHROPIC, "claude-blocking", "claude-blocking-v1", 12 + 1000 + 100, 34);
      assertOneCall(m, ANTHROPIC, "claude-async", "claude-async-v1", 21 + 5, 43);
      assertOneCall(m, ANTHROPIC, "claude-stream", "claude-stream-v1", 5 + 11 + 13, 7);
      assertOneCall(m, ANTHROPIC, "claude-async-stream", "claude-async-stream-v1", 13 + 2 + 3, 17);
      assertOneCall(m, ANTHROPIC, "claude-beta", "claude-beta-v1", 6, 8);
      // closed after message_start: its input usage, no output count (the start's placeholder is not one)
      assertEquals(1.0, m.value(DURATION + "_count", call(ANTHROPIC, "claude-early", "claude-early-v1", "")), m.describe(DURATION + "_count"));
      assertEquals(9.0, m.value(TOKENS + "_sum", tokens(ANTHROPIC, "claude-early", "claude-early-v1", "input")));
      assertFalse(m.labelSets(TOKENS + "_count").stream().anyMatch(l -> "claude-early".equals(l.get("gen_ai_request_model"))
          && "output".equals(l.get("gen_ai_token_type"))), m.describe(TOKENS + "_count"));
      JsonNode early = events.get("claude-early");
      assertEquals(9, early.get("gen_ai_usage_input_tokens").asLong(), early.toString());
      assertTrue(early.get("gen_ai_usage_output_tokens").isNull(), early.toString());
      assertTrue(early.has("gen_ai_usage_note"), early.toString());

      // time to first chunk: streaming calls only, at least the server's delay
      assertFirstChunk(m, ANTHROPIC, "claude-stream", "claude-stream-v1", FIRST_CHUNK_DELAY_MS / 1000.0);
      assertFirstChunk(m, ANTHROPIC, "claude-async-stream", "claude-async-stream-v1", FIRST_CHUNK_DELAY_MS / 1000.0);
      for (String model : List.of("claude-blocking", "claude-async", "claude-beta")) {
        assertNoSeries(m, FIRST_CHUNK + "_count", model);
      }

      // failures: one series each with the class the application saw, no tokens; no response model when the provider said no
      assertFailures(m, events, failures, ANTHROPIC, List.of("claude-429", "claude-500", "claude-async-500", "claude-stream-429", "claude-async-stream-429"));

      // cost: the user's price for the model that answered; none for the others
      // 12 plain input at 3, 1000 cache read at 0.30, 100 cache write at 3.75, 34 output at 15 (USD per 1M)
      double cost = 12 * 3e-6 + 1000 * 0.30e-6 + 100 * 3.75e-6 + 34 * 15e-6;
      assertEquals(cost, m.value(COST, Map.of("gen_ai_provider_name", ANTHROPIC, "gen_ai_request_model", "claude-blocking")), 1e-12);
      assertEquals(1, m.labelSets(COST).size(), m.describe(COST));
      assertEquals(cost, events.get("claude-blocking").get("cost_usd").asDouble(), 1e-12);
      assertNull(events.get("claude-async").get("cost_usd"));

      // the events: exact numbers, finish reasons from stop_reason, tenant, trace ids of the request
      JsonNode blocking = events.get("claude-blocking");
      assertEquals("anthropic", blocking.get("gen_ai_provider_name").asText());
      assertEquals("chat", blocking.get("gen_ai_operation_name").asText());
      assertEquals("claude-blocking-v1", blocking.get("gen_ai_response_model").asText());
      assertEquals(1112, blocking.get("gen_ai_usage_input_tokens").asLong());
      assertEquals(34, blocking.get("gen_ai_usage_output_tokens").asLong());
      assertEquals("[\"max_tokens\"]", blocking.get("gen_ai_response_finish_reasons").toString());
      assertNull(blocking.get("time_to_first_chunk_ms"));
      // cache read and creation: beside input_tokens in the API, included in the input count here
      GenAiAssertions.assertUsageDetails(blocking, 1000, 100, -1);
      GenAiAssertions.assertUsageDetails(events.get("claude-stream"), 11, 13, -1);
      GenAiAssertions.assertUsageDetails(events.get("claude-async-stream"), 2, 3, -1);
      GenAiAssertions.assertUsageDetails(events.get("claude-beta"), 0, 0, -1);
      JsonNode streamed = events.get("claude-stream");
      assertEquals("[\"stop_sequence\"]", streamed.get("gen_ai_response_finish_reasons").toString());
      assertTrue(streamed.get("time_to_first_chunk_ms").asDouble() >= FIRST_CHUNK_DELAY_MS, streamed.toString());
      assertTrue(streamed.get("duration_ms").asDouble() >= streamed.get("time_to_first_chunk_ms").asDouble());
      assertEquals("[\"end_turn\"]", events.get("claude-async-stream").get("gen_ai_response_finish_reasons").toString());
      assertInTheirRequestsTraces(app, events.values(), "/anthropic/");

      // no prompt or completion text anywhere by default
      assertNoContentAndNoAgentError(app, secret);
    }
  }

  @Test
  void capturedContentIsTheSystemPromptAndMessagesTruncated() throws Exception {
    provider.reset();
    String prompt = "capture-this-prompt-" + UUID.randomUUID();
    try (AgentApp app = start("lantern.gen-ai.capture-content", "true", "lantern.gen-ai.capture-content.max-length", "24")) {
      provider.enqueue(Api.ANTHROPIC, Reply.ok().text("0123456789abcdefghijklmnopqrstuvwxyz"),
          Reply.ok().text("0123456789abcdefghijklmnopqrstuvwxyz").chunks(5));
      get(app, "/anthropic/messages", "capture-blocking", prompt);
      get(app, "/anthropic/messages-stream", "capture-stream", prompt);
      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 2);
      for (JsonNode event : events.values()) {
        assertEquals(("You are a test.\n" + prompt).substring(0, 24), event.get("gen_ai_input_messages").asText(), event.toString());
        assertEquals("0123456789abcdefghijklmn", event.get("gen_ai_output_messages").asText(), "text blocks or deltas, cut");
        assertTrue(event.get("gen_ai_content_truncated").asBoolean());
      }
      assertFalse(Files.readString(app.logFile()).contains(prompt), "never more than the configured length");
      assertEquals(List.of(), app.events("instrumentation_error"));
    }
  }
}
