package io.lantern.testapps.ai;

import static io.lantern.testapps.ai.GenAiAssertions.DURATION;
import static io.lantern.testapps.ai.GenAiAssertions.FIRST_CHUNK;
import static io.lantern.testapps.ai.GenAiAssertions.answer;
import static io.lantern.testapps.ai.GenAiAssertions.assertCancelled;
import static io.lantern.testapps.ai.GenAiAssertions.assertFailures;
import static io.lantern.testapps.ai.GenAiAssertions.assertFirstChunk;
import static io.lantern.testapps.ai.GenAiAssertions.assertNoContentAndNoAgentError;
import static io.lantern.testapps.ai.GenAiAssertions.assertNoSeries;
import static io.lantern.testapps.ai.GenAiAssertions.assertOneCall;
import static io.lantern.testapps.ai.GenAiAssertions.call;
import static io.lantern.testapps.ai.GenAiAssertions.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.testapps.fakeai.FakeAiProvider;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j 1.x in a child JVM with the agent, against the fake provider in this JVM: blocking,
 * convenience, streaming and cancelled-stream calls through {@code langchain4j-open-ai}, and the
 * same over openai-java through {@code langchain4j-open-ai-official} (two instrumented libraries,
 * one call each), with the exact numbers the fake provider sent and one {@code gen_ai_call} event
 * per call.
 */
class LangChain4jIT {
  static final String OPENAI = "openai";
  static final long FIRST_CHUNK_DELAY_MS = 300;
  @Test
  void everyChatIsOneCallWithTheProvidersNumbersWhateverTheLayersBelow() throws Exception {
    String secret = "secret-prompt-" + UUID.randomUUID();
    try (FakeAiProvider provider = FakeAiProvider.start();
        AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).sysProp("ai.openai.base-url", provider.openAiBaseUrl()).start()) {
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-chat-v1").tokens(12, 34).cacheTokens(8, 0).reasoningTokens(20).finishReason("length"));
      assertEquals("lc-chat-v1|Hello from the fake provider.", answer(app, "/langchain4j/chat", "lc-chat", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-default-v1").tokens(3, 4));
      answer(app, "/langchain4j/chat-string", null, secret);
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-stream-v1").tokens(5, 7).cacheTokens(2, 0).reasoningTokens(3).chunks(4).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      assertEquals("lc-stream-v1|Hello from the fake provider.", answer(app, "/langchain4j/stream", "lc-stream", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-cancel-v1").tokens(5, 7).chunks(5)
          .firstChunkDelayMs(FIRST_CHUNK_DELAY_MS).chunkDelayMs(200));
      assertEquals("cancelled|Hello", answer(app, "/langchain4j/stream?cancel=1", "lc-cancel", secret));
      // over openai-java: LangChain4j is the outer call, openai-java's feeds it
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-official-v1").tokens(21, 43).cacheTokens(16, 0).reasoningTokens(40));
      assertEquals("lc-official-v1|Hello from the fake provider.", answer(app, "/langchain4j/official-chat", "lc-official", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-official-stream-v1").tokens(13, 17).chunks(3)
          .firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      assertEquals("lc-official-stream-v1|Hello from the fake provider.",
          answer(app, "/langchain4j/official-stream", "lc-official-stream", secret));

      Map<String, String> failures = new LinkedHashMap<>();
      provider.enqueue(Api.OPENAI, Reply.rateLimited(1));
      failures.put("lc-chat-429", failure(app, "/langchain4j/chat", "lc-chat-429", secret));
      provider.enqueue(Api.OPENAI, Reply.error(500));
      failures.put("lc-chat-500", failure(app, "/langchain4j/chat", "lc-chat-500", secret));
      provider.enqueue(Api.OPENAI, Reply.rateLimited(1));
      failures.put("lc-stream-429", failure(app, "/langchain4j/stream", "lc-stream-429", secret));
      provider.enqueue(Api.OPENAI, Reply.rateLimited(1));
      failures.put("lc-official-429", failure(app, "/langchain4j/official-chat", "lc-official-429", secret));
      provider.enqueue(Api.OPENAI, Reply.error(500));
      failures.put("lc-official-stream-500", failure(app, "/langchain4j/official-stream", "lc-official-stream-500", secret));
      assertEquals("dev.langchain4j.exception.RateLimitException", failures.get("lc-chat-429"));
      assertEquals("dev.langchain4j.exception.InternalServerException", failures.get("lc-chat-500"));
      assertEquals("dev.langchain4j.exception.RateLimitException", failures.get("lc-stream-429"));
      assertEquals(0, provider.pending(Api.OPENAI), "every scripted reply was used");
      assertEquals(11, provider.requests().size(), "one request per call: nothing retried");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 6 + failures.size());
      Metrics m = app.scrape();
      assertOneCall(m, OPENAI, "lc-chat", "lc-chat-v1", 12, 34);
      assertOneCall(m, OPENAI, "lc4j-default", "lc-default-v1", 3, 4);
      assertOneCall(m, OPENAI, "lc-stream", "lc-stream-v1", 5, 7);
      assertOneCall(m, OPENAI, "lc-official", "lc-official-v1", 21, 43);
      assertOneCall(m, OPENAI, "lc-official-stream", "lc-official-stream-v1", 13, 17);
      double seconds = FIRST_CHUNK_DELAY_MS / 1000.0;
      assertFirstChunk(m, OPENAI, "lc-stream", "lc-stream-v1", seconds);
      assertFirstChunk(m, OPENAI, "lc-official-stream", "lc-official-stream-v1", seconds);
      for (String model : List.of("lc-chat", "lc4j-default", "lc-official")) {
        assertNoSeries(m, FIRST_CHUNK + "_count", model);
      }
      // cancelled at the first chunk: ended then, once, without error or tokens (the usage comes last)
      assertCancelled(m, events, OPENAI, "lc-cancel", "", seconds);
      assertTrue(m.value(DURATION + "_sum", call(OPENAI, "lc-cancel", "", "")) < seconds + 0.2 * 4,
          "ended at the cancel, not when the server would have finished");
      assertFailures(m, events, failures, OPENAI, List.copyOf(failures.keySet()));

      JsonNode chat = events.get("lc-chat");
      assertEquals("openai", chat.get("gen_ai_provider_name").asText());
      assertEquals("chat", chat.get("gen_ai_operation_name").asText());
      assertEquals("[\"length\"]", chat.get("gen_ai_response_finish_reasons").toString());
      assertNull(chat.get("time_to_first_chunk_ms"));
      // cached and reasoning tokens: LangChain4j's OpenAiTokenUsage, and openai-java under the official module
      GenAiAssertions.assertUsageDetails(chat, 8, -1, 20);
      GenAiAssertions.assertUsageDetails(events.get("lc-stream"), 2, -1, 3);
      GenAiAssertions.assertUsageDetails(events.get("lc-official"), 16, -1, 40);
      JsonNode streamed = events.get("lc-official-stream");
      assertEquals(13, streamed.get("gen_ai_usage_input_tokens").asLong());
      assertEquals(17, streamed.get("gen_ai_usage_output_tokens").asLong());
      assertEquals("[\"stop\"]", streamed.get("gen_ai_response_finish_reasons").toString());
      assertTrue(streamed.get("time_to_first_chunk_ms").asDouble() >= FIRST_CHUNK_DELAY_MS, streamed.toString());

      assertNoContentAndNoAgentError(app, secret);
    }
  }
}
