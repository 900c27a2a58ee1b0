package io.lantern.testapps.springai;

import static io.lantern.harness.GenAiAssertions.answer;
import static io.lantern.harness.GenAiAssertions.assertOneCall;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.GenAiAssertions;
import io.lantern.harness.Metrics;
import io.lantern.testapps.fakeai.FakeAiProvider;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spring AI 2's OpenAI module sits on openai-java, so its calls get openai-java's rate-limit
 * headroom and retries: the app started with {@code spring.ai.openai.max-retries=2}, a blocking
 * call, and a blocking and a streamed call each retried once after a 429.
 */
class SpringAiRateLimitIT {
  static final String OPENAI = "openai";

  private static Reply headers(Reply reply, long remainingRequests, long remainingTokens) {
    return reply.header("x-ratelimit-limit-requests", "60").header("x-ratelimit-remaining-requests", String.valueOf(remainingRequests))
        .header("x-ratelimit-limit-tokens", "150000").header("x-ratelimit-remaining-tokens", String.valueOf(remainingTokens));
  }

  private static Map<String, String> series(String kind) {
    return Map.of("gen_ai_provider_name", OPENAI, "lantern_rate_limit_kind", kind);
  }

  @Test
  void springAiCallsOverOpenAiJavaGetTheHeadroomAndTheRetries() throws Exception {
    try (FakeAiProvider provider = FakeAiProvider.start();
        AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).sysProp("ai.openai.base-url", provider.openAiBaseUrl())
            .sysProp("spring.ai.openai.max-retries", "2").start()) {
      provider.enqueue(Api.OPENAI, headers(Reply.ok().tokens(12, 34), 59, 149000));
      assertEquals("sa-rl|Hello from the fake provider.", answer(app, "/ai/call", "sa-rl", "hi"));
      Metrics m = app.scrape();
      assertEquals(59.0, m.value("lantern_gen_ai_rate_limit_remaining", series("requests")), m.describe("lantern_gen_ai_rate_limit_remaining"));
      assertEquals(149000.0, m.value("lantern_gen_ai_rate_limit_remaining", series("tokens")));
      assertEquals(60.0, m.value("lantern_gen_ai_rate_limit_limit", series("requests")));
      assertEquals(150000.0, m.value("lantern_gen_ai_rate_limit_limit", series("tokens")));

      provider.enqueue(Api.OPENAI, headers(Reply.error(429).header("retry-after-ms", "1"), 0, 0),
          headers(Reply.ok().tokens(5, 6), 58, 148000));
      assertEquals("sa-rl-retry|Hello from the fake provider.", answer(app, "/ai/call", "sa-rl-retry", "hi"));
      provider.enqueue(Api.OPENAI, Reply.error(429).header("retry-after-ms", "1"),
          headers(Reply.ok().tokens(7, 8).chunks(2), 57, 147000));
      answer(app, "/ai/stream", "sa-rl-stream-retry", "hi");
      assertEquals(0, provider.pending(Api.OPENAI), "every scripted reply was used");
      assertEquals(5, provider.requests().size(), "three calls, two retried once");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 3);
      m = app.scrape();
      assertEquals(57.0, m.value("lantern_gen_ai_rate_limit_remaining", series("requests")));
      assertEquals(147000.0, m.value("lantern_gen_ai_rate_limit_remaining", series("tokens")));
      assertEquals(2.0, m.value("lantern_gen_ai_client_retries_total", Map.of("gen_ai_provider_name", OPENAI)),
          m.describe("lantern_gen_ai_client_retries_total"));
      assertOneCall(m, OPENAI, "sa-rl", "sa-rl", 12, 34);
      assertOneCall(m, OPENAI, "sa-rl-retry", "sa-rl-retry", 5, 6);
      assertOneCall(m, OPENAI, "sa-rl-stream-retry", "sa-rl-stream-retry", 7, 8);
      assertEquals(0, events.get("sa-rl").path("retry_count").asInt(-1));
      assertEquals(1, events.get("sa-rl-retry").path("retry_count").asInt(-1));
      assertEquals(1, events.get("sa-rl-stream-retry").path("retry_count").asInt(-1));
    }
  }
}
