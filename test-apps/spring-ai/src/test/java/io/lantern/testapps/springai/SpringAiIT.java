package io.lantern.testapps.springai;

import static io.lantern.harness.GenAiAssertions.DURATION;
import static io.lantern.harness.GenAiAssertions.FIRST_CHUNK;
import static io.lantern.harness.GenAiAssertions.TOKENS;
import static io.lantern.harness.GenAiAssertions.answer;
import static io.lantern.harness.GenAiAssertions.assertCancelled;
import static io.lantern.harness.GenAiAssertions.assertFailures;
import static io.lantern.harness.GenAiAssertions.assertFirstChunk;
import static io.lantern.harness.GenAiAssertions.assertNoContentAndNoAgentError;
import static io.lantern.harness.GenAiAssertions.assertNoSeries;
import static io.lantern.harness.GenAiAssertions.assertOneCall;
import static io.lantern.harness.GenAiAssertions.call;
import static io.lantern.harness.GenAiAssertions.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.GenAiAssertions;
import io.lantern.harness.Metrics;
import io.lantern.testapps.fakeai.FakeAiProvider;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Spring AI 2 on a Spring Boot 4 executable jar in a child JVM with the agent, against the fake
 * provider in this JVM. Spring AI's OpenAI module calls openai-java (instrumented too): every call
 * (blocking, through a ChatClient, streamed, cancelled) is one operation, the Spring AI call, with
 * the numbers the fake provider sent, one {@code gen_ai_call} event and provider {@code openai}.
 */
class SpringAiIT {
  static final String OPENAI = "openai";
  static final long FIRST_CHUNK_DELAY_MS = 300;

  @Test
  void everySpringAiCallIsOneOperationOverOpenAiJava() throws Exception {
    String secret = "secret-prompt-" + UUID.randomUUID();
    try (FakeAiProvider provider = FakeAiProvider.start();
        AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).sysProp("ai.openai.base-url", provider.openAiBaseUrl()).start()) {
      provider.enqueue(Api.OPENAI, Reply.ok().model("sa-call-v1").tokens(12, 34).cacheTokens(9, 0).reasoningTokens(30).finishReason("length"));
      assertEquals("sa-call-v1|Hello from the fake provider.", answer(app, "/ai/call", "sa-call", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("sa-default-v1").tokens(3, 4));
      assertEquals("sa-default-v1|Hello from the fake provider.", answer(app, "/ai/call", null, secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("sa-client-v1").tokens(8, 9));
      assertEquals("sa-client-v1|Hello from the fake provider.", answer(app, "/ai/client", "sa-client", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("sa-stream-v1").tokens(5, 7).cacheTokens(4, 0).reasoningTokens(6).chunks(4).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      assertEquals("sa-stream-v1|Hello from the fake provider.", answer(app, "/ai/stream", "sa-stream", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("sa-cancel-v1").tokens(5, 7).chunks(5)
          .firstChunkDelayMs(FIRST_CHUNK_DELAY_MS).chunkDelayMs(200));
      assertEquals("sa-cancel-v1|Hello", answer(app, "/ai/stream?take=1", "sa-cancel", secret));

      Map<String, String> failures = new LinkedHashMap<>();
      provider.enqueue(Api.OPENAI, Reply.rateLimited(1));
      failures.put("sa-call-429", failure(app, "/ai/call", "sa-call-429", secret));
      provider.enqueue(Api.OPENAI, Reply.error(500));
      failures.put("sa-call-500", failure(app, "/ai/call", "sa-call-500", secret));
      provider.enqueue(Api.OPENAI, Reply.rateLimited(1));
      failures.put("sa-stream-429", failure(app, "/ai/stream", "sa-stream-429", secret));
      assertEquals("com.openai.errors.RateLimitException", failures.get("sa-call-429"));
      assertEquals("com.openai.errors.InternalServerException", failures.get("sa-call-500"));
      assertEquals("com.openai.errors.RateLimitException", failures.get("sa-stream-429"));
      assertEquals(0, provider.pending(Api.OPENAI), "every scripted reply was used");
      assertEquals(8, provider.requests().size(), "one request per call: nothing retried");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 5 + failures.size());
      Metrics m = app.scrape();
      assertOneCall(m, OPENAI, "sa-call", "sa-call-v1", 12, 34);
      assertOneCall(m, OPENAI, "spring-default", "sa-default-v1", 3, 4);
      assertOneCall(m, OPENAI, "sa-client", "sa-client-v1", 8, 9);
      assertOneCall(m, OPENAI, "sa-stream", "sa-stream-v1", 5, 7);
      assertFirstChunk(m, OPENAI, "sa-stream", "sa-stream-v1", FIRST_CHUNK_DELAY_MS / 1000.0);
      for (String model : List.of("sa-call", "spring-default", "sa-client")) {
        assertNoSeries(m, FIRST_CHUNK + "_count", model);
      }
      // cancelled after the first element: ended then, once, without error or tokens (the usage comes last)
      assertCancelled(m, events, OPENAI, "sa-cancel", "sa-cancel-v1", FIRST_CHUNK_DELAY_MS / 1000.0);
      assertFailures(m, events, failures, OPENAI, List.copyOf(failures.keySet()));
      // every series is Spring AI's one call, labelled by the provider that answered
      Set<String> providers = m.labelSets(DURATION + "_count").stream().map(l -> l.get("gen_ai_provider_name"))
          .collect(Collectors.toSet());
      assertEquals(Set.of(OPENAI), providers);

      JsonNode blocking = events.get("sa-call");
      assertEquals("chat", blocking.get("gen_ai_operation_name").asText());
      assertEquals(12, blocking.get("gen_ai_usage_input_tokens").asLong());
      assertEquals("[\"length\"]", blocking.get("gen_ai_response_finish_reasons").toString());
      assertNull(blocking.get("time_to_first_chunk_ms"));
      // cached and reasoning tokens: from openai-java under Spring AI's OpenAI module, blocking and streamed
      io.lantern.harness.GenAiAssertions.assertUsageDetails(blocking, 9, -1, 30);
      io.lantern.harness.GenAiAssertions.assertUsageDetails(events.get("sa-stream"), 4, -1, 6);
      JsonNode streamed = events.get("sa-stream");
      assertEquals(7, streamed.get("gen_ai_usage_output_tokens").asLong());
      assertEquals("[\"stop\"]", streamed.get("gen_ai_response_finish_reasons").toString());
      assertTrue(streamed.get("time_to_first_chunk_ms").asDouble() >= FIRST_CHUNK_DELAY_MS, streamed.toString());
      Set<String> traces = app.events("http_request").stream().map(r -> r.get("trace_id").asText()).collect(Collectors.toSet());
      for (JsonNode event : events.values()) {
        assertTrue(traces.contains(event.get("trace_id").asText()), "in the trace of the HTTP request that made it: " + event);
        assertNull(event.get("_schema_error"), event.toString());
      }

      assertNoContentAndNoAgentError(app, secret);
    }
  }

  /**
   * A {@code ChatClient} call with a function tool and a method tool: each tool Spring AI runs is one
   * {@code execute_tool} span under the request (Spring AI 2 runs them between the model's round
   * trips, each its own {@code chat} call) and one observation. The method tool's exception is its own class.
   */
  @Test
  void everySpringAiToolRunIsOneSpanAndOneObservation() throws Exception {
    try (FakeAiProvider provider = FakeAiProvider.start();
        AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).sysProp("ai.openai.base-url", provider.openAiBaseUrl())
            .sysProp("lantern.traces.exporter", "log").start()) {
      provider.enqueue(Api.OPENAI, Reply.ok().model("sa-tools-v1").tokens(10, 5)
          .toolCall("weather", "{\"city\":\"Paris\"}").toolCall("broken", "{}"));
      provider.enqueue(Api.OPENAI, Reply.ok().model("sa-tools-v1").tokens(20, 6).toolCall("weather", "{\"city\":\"Oslo\"}"));
      provider.enqueue(Api.OPENAI, Reply.ok().model("sa-tools-v1").tokens(30, 7));
      assertEquals("sa-tools-v1|Hello from the fake provider.", answer(app, "/ai/tools", "sa-tools", "Weather?"));
      assertEquals(0, provider.pending(Api.OPENAI), "every scripted reply was used");
      GenAiAssertions.assertToolRuns(app, Map.of("weather", 2, "broken", 1),
          Map.of("broken", IllegalStateException.class.getName()), "GET /ai/tools");
    }
  }

  @Test
  void everySpringAiEmbeddingIsOneOperationOverOpenAiJava() throws Exception {
    String secret = "secret-embed-" + UUID.randomUUID();
    try (FakeAiProvider provider = FakeAiProvider.start();
        AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).sysProp("ai.openai.base-url", provider.openAiBaseUrl()).start()) {
      provider.enqueue(Api.OPENAI, Reply.ok().model("sa-embed-v1").tokens(14, 0));
      assertEquals("sa-embed-v1|2", answer(app, "/ai/embed", "sa-embed", secret));
      provider.enqueue(Api.OPENAI, Reply.ok().model("sa-embed-default-v1").tokens(5, 0));
      assertEquals("|4", answer(app, "/ai/embed-text", null, secret));
      provider.enqueue(Api.OPENAI, Reply.error(500));
      assertEquals("com.openai.errors.InternalServerException", failure(app, "/ai/embed", "sa-embed-500", secret));
      assertEquals(3, provider.requests().size(), "one request per call");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 3);
      Metrics m = app.scrape();
      GenAiAssertions.assertOneEmbedding(m, events, OPENAI, "sa-embed", "sa-embed-v1", 14);
      GenAiAssertions.assertOneEmbedding(m, events, OPENAI, "spring-embed-default", "sa-embed-default-v1", 5);
      assertEquals(1.0, m.value(DURATION + "_count", GenAiAssertions.embeddings(OPENAI, "sa-embed-500", "",
          "com.openai.errors.InternalServerException")), m.describe(DURATION + "_count"));
      assertEquals(3, m.labelSets(DURATION + "_count").size(), "one series per call, Spring AI's: " + m.describe(DURATION + "_count"));
      assertFalse(m.labelSets(TOKENS + "_count").stream().anyMatch(l -> "output".equals(l.get("gen_ai_token_type"))));
      Set<String> traces = app.events("http_request").stream().map(r -> r.get("trace_id").asText()).collect(Collectors.toSet());
      for (JsonNode event : events.values()) {
        assertTrue(traces.contains(event.get("trace_id").asText()), "in the trace of the HTTP request that made it: " + event);
      }
      assertNoContentAndNoAgentError(app, secret);
    }
  }
}
