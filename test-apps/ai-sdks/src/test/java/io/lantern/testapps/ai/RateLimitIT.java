package io.lantern.testapps.ai;

import static io.lantern.testapps.ai.GenAiAssertions.DURATION;
import static io.lantern.testapps.ai.GenAiAssertions.assertOneCall;
import static io.lantern.testapps.ai.GenAiAssertions.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rate-limit headroom and SDK retries through the built agent: openai-java and anthropic-java
 * against the fake provider scripting each reply's rate-limit headers, every call style, a 429, and
 * 429s retried by a client with {@code maxRetries(2)}; the gauges equal the last response's headers,
 * the retries counter and each event's {@code retry_count} are exact.
 */
class RateLimitIT extends FakeProviderApp {
  static final String REMAINING = "lantern_gen_ai_rate_limit_remaining";
  static final String LIMIT = "lantern_gen_ai_rate_limit_limit";
  static final String RETRIES = "lantern_gen_ai_client_retries_total";

  @Override
  String[] baseUrlProperty() {
    return new String[] {"ai.openai.base-url", provider.openAiBaseUrl()};
  }

  private static Reply openAi(Reply reply, String limitRequests, long remainingRequests, long limitTokens, long remainingTokens) {
    return reply.header("x-ratelimit-limit-requests", limitRequests)
        .header("x-ratelimit-remaining-requests", String.valueOf(remainingRequests))
        .header("x-ratelimit-limit-tokens", String.valueOf(limitTokens))
        .header("x-ratelimit-remaining-tokens", String.valueOf(remainingTokens))
        // never a label: ids and reset times are not read
        .header("openai-organization", "org-secret-id")
        .header("x-ratelimit-reset-requests", "1s");
  }

  /** remaining and limit per kind: requests, tokens, input_tokens, output_tokens. */
  private static Reply anthropic(Reply reply, long... values) {
    String[] kinds = {"requests", "tokens", "input-tokens", "output-tokens"};
    for (int i = 0; i < kinds.length; i++) {
      reply.header("anthropic-ratelimit-" + kinds[i] + "-remaining", String.valueOf(values[2 * i]))
          .header("anthropic-ratelimit-" + kinds[i] + "-limit", String.valueOf(values[2 * i + 1]));
    }
    return reply.header("anthropic-organization-id", "org-secret-id");
  }

  private static Reply retryable() {
    return Reply.error(429).header("retry-after-ms", "1");
  }

  private static Map<String, String> series(String provider, String kind) {
    return Map.of("gen_ai_provider_name", provider, "lantern_rate_limit_kind", kind);
  }

  private static void assertHeadroom(Metrics m, String provider, String kind, double remaining, double limit) {
    assertEquals(remaining, m.value(REMAINING, series(provider, kind)), provider + " " + kind + " remaining\n" + m.describe(REMAINING));
    assertEquals(limit, m.value(LIMIT, series(provider, kind)), provider + " " + kind + " limit\n" + m.describe(LIMIT));
  }

  @Test
  void headroomGaugesAreTheLastResponsesHeadersAndRetriesAreCountedPerCall() throws Exception {
    provider.reset();
    try (AgentApp app = start("ai.anthropic.base-url", provider.baseUrl())) {
      // openai-java: blocking, streaming, async, async streaming; each response's headers win
      provider.enqueue(Api.OPENAI, openAi(Reply.ok().tokens(7, 8), "500", 499, 30000, 29000));
      ok(get(app, "/openai/chat", "rl-chat", "hi"));
      Metrics m = app.scrape();
      assertHeadroom(m, "openai", "requests", 499, 500);
      assertHeadroom(m, "openai", "tokens", 29000, 30000);
      Set<Map<String, String>> openAiOnly = Set.of(series("openai", "requests"), series("openai", "tokens"));
      assertEquals(openAiOnly, m.labelSets(REMAINING));
      assertEquals(openAiOnly, m.labelSets(LIMIT));

      provider.enqueue(Api.OPENAI, openAi(Reply.ok().chunks(3), "500", 498, 30000, 28500));
      ok(get(app, "/openai/chat-stream?usage=true", "rl-stream", "hi"));
      assertHeadroom(app.scrape(), "openai", "tokens", 28500, 30000);
      provider.enqueue(Api.OPENAI, openAi(Reply.ok(), "500", 497, 30000, 28000));
      ok(get(app, "/openai/chat-async", "rl-async", "hi"));
      assertHeadroom(app.scrape(), "openai", "requests", 497, 500);
      provider.enqueue(Api.OPENAI, openAi(Reply.ok().chunks(2), "500", 496, 30000, 27500));
      ok(get(app, "/openai/chat-async-stream?usage=true", "rl-async-stream", "hi"));
      m = app.scrape();
      assertHeadroom(m, "openai", "requests", 496, 500);
      assertHeadroom(m, "openai", "tokens", 27500, 30000);

      // a 429 carries headers too; a malformed value leaves its gauge as it was
      provider.enqueue(Api.OPENAI, openAi(Reply.error(429), "5OO", 0, 40000, 27000));
      assertEquals("com.openai.errors.RateLimitException", failure(get(app, "/openai/chat", "rl-429", "hi")));
      m = app.scrape();
      assertHeadroom(m, "openai", "requests", 0, 500);
      assertHeadroom(m, "openai", "tokens", 27000, 40000);

      // retries inside one call: blocking twice, async, streaming and async streaming once each
      provider.enqueue(Api.OPENAI, openAi(retryable(), "500", 0, 40000, 0), retryable(),
          openAi(Reply.ok().tokens(3, 4), "500", 495, 40000, 26000));
      ok(get(app, "/openai/chat-retry", "rl-retry", "hi"));
      assertHeadroom(app.scrape(), "openai", "requests", 495, 500);
      provider.enqueue(Api.OPENAI, retryable(), openAi(Reply.ok().tokens(5, 6), "500", 494, 40000, 25000));
      ok(get(app, "/openai/chat-async?retrying=true", "rl-async-retry", "hi"));
      provider.enqueue(Api.OPENAI, retryable(), openAi(Reply.ok().tokens(9, 10).chunks(2), "500", 493, 40000, 24000));
      ok(get(app, "/openai/chat-stream?usage=true&retrying=true", "rl-stream-retry", "hi"));
      provider.enqueue(Api.OPENAI, retryable(), openAi(Reply.ok().tokens(11, 12).chunks(2), "500", 492, 40000, 23000));
      ok(get(app, "/openai/chat-async-stream?usage=true&retrying=true", "rl-async-stream-retry", "hi"));
      assertEquals(0, provider.pending(Api.OPENAI), "every scripted reply was used");

      // anthropic-java: all four kinds
      provider.enqueue(Api.ANTHROPIC, anthropic(Reply.ok().tokens(20, 30), 49, 50, 90000, 100000, 75000, 80000, 15000, 20000));
      ok(get(app, "/anthropic/messages", "rl-claude", "hi"));
      m = app.scrape();
      assertHeadroom(m, "anthropic", "requests", 49, 50);
      assertHeadroom(m, "anthropic", "tokens", 90000, 100000);
      assertHeadroom(m, "anthropic", "input_tokens", 75000, 80000);
      assertHeadroom(m, "anthropic", "output_tokens", 15000, 20000);
      provider.enqueue(Api.ANTHROPIC, anthropic(Reply.ok().chunks(2), 48, 50, 89000, 100000, 74000, 80000, 14000, 20000));
      ok(get(app, "/anthropic/messages-stream", "rl-claude-stream", "hi"));
      m = app.scrape();
      assertHeadroom(m, "anthropic", "tokens", 89000, 100000);
      assertHeadroom(m, "anthropic", "output_tokens", 14000, 20000);
      provider.enqueue(Api.ANTHROPIC, anthropic(Reply.ok(), 47, 50, 88000, 100000, 73000, 80000, 13000, 20000));
      ok(get(app, "/anthropic/messages-async", "rl-claude-async", "hi"));
      assertHeadroom(app.scrape(), "anthropic", "input_tokens", 73000, 80000);
      provider.enqueue(Api.ANTHROPIC, anthropic(Reply.ok().chunks(2), 46, 50, 87000, 100000, 72000, 80000, 12000, 20000));
      ok(get(app, "/anthropic/messages-async-stream", "rl-claude-async-stream", "hi"));
      assertHeadroom(app.scrape(), "anthropic", "requests", 46, 50);
      provider.enqueue(Api.ANTHROPIC, anthropic(Reply.error(429), 0, 50, 0, 100000, 0, 80000, 12000, 20000));
      assertEquals("com.anthropic.errors.RateLimitException", failure(get(app, "/anthropic/messages", "rl-claude-429", "hi")));
      m = app.scrape();
      assertHeadroom(m, "anthropic", "requests", 0, 50);
      assertHeadroom(m, "anthropic", "input_tokens", 0, 80000);
      provider.enqueue(Api.ANTHROPIC, retryable(), anthropic(Reply.ok().tokens(13, 14), 45, 50, 86000, 100000, 71000, 80000, 11000, 20000));
      ok(get(app, "/anthropic/messages?retrying=true", "rl-claude-retry", "hi"));
      assertEquals(0, provider.pending(Api.ANTHROPIC), "every scripted reply was used");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 15);
      m = app.scrape();
      assertHeadroom(m, "openai", "requests", 492, 500);
      assertHeadroom(m, "openai", "tokens", 23000, 40000);
      assertHeadroom(m, "anthropic", "requests", 45, 50);
      assertHeadroom(m, "anthropic", "tokens", 86000, 100000);
      assertHeadroom(m, "anthropic", "input_tokens", 71000, 80000);
      assertHeadroom(m, "anthropic", "output_tokens", 11000, 20000);
      Set<Map<String, String>> all = new HashSet<>(openAiOnly);
      for (String kind : List.of("requests", "tokens", "input_tokens", "output_tokens")) {
        all.add(series("anthropic", kind));
      }
      assertEquals(all, m.labelSets(REMAINING));
      assertEquals(all, m.labelSets(LIMIT));
      String metricsText = m.text();
      assertEquals(false, metricsText.contains("org-secret-id"), "no organisation id in any series");

      assertEquals(5.0, m.value(RETRIES, Map.of("gen_ai_provider_name", "openai")), m.describe(RETRIES));
      assertEquals(1.0, m.value(RETRIES, Map.of("gen_ai_provider_name", "anthropic")), m.describe(RETRIES));
      assertEquals(Set.of(Map.of("gen_ai_provider_name", "openai"), Map.of("gen_ai_provider_name", "anthropic")),
          m.labelSets(RETRIES));
      // each retried call is one operation with the final response's tokens
      assertOneCall(m, "openai", "rl-retry", "rl-retry", 3, 4);
      assertOneCall(m, "openai", "rl-async-retry", "rl-async-retry", 5, 6);
      assertOneCall(m, "openai", "rl-stream-retry", "rl-stream-retry", 9, 10);
      assertOneCall(m, "openai", "rl-async-stream-retry", "rl-async-stream-retry", 11, 12);
      assertOneCall(m, "anthropic", "rl-claude-retry", "rl-claude-retry", 13, 14);
      assertEquals(1.0, m.value(DURATION + "_count", call("openai", "rl-429", "", "com.openai.errors.RateLimitException")),
          m.describe(DURATION + "_count"));

      Map<String, Integer> retryCounts = new LinkedHashMap<>();
      events.forEach((model, event) -> retryCounts.put(model, event.path("retry_count").asInt(-1)));
      Map<String, Integer> expected = new LinkedHashMap<>();
      for (String model : List.of("rl-chat", "rl-stream", "rl-async", "rl-async-stream", "rl-429", "rl-claude",
          "rl-claude-stream", "rl-claude-async", "rl-claude-async-stream", "rl-claude-429")) {
        expected.put(model, 0);
      }
      expected.put("rl-retry", 2);
      expected.put("rl-async-retry", 1);
      expected.put("rl-stream-retry", 1);
      expected.put("rl-async-stream-retry", 1);
      expected.put("rl-claude-retry", 1);
      assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(retryCounts));
      for (JsonNode event : events.values()) {
        assertEquals(true, event.path("retry_count").isInt(), "retry_count is a number: " + event);
      }
    }
  }
}
