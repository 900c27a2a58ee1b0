package io.lantern.testapps.ai;

import static io.lantern.testapps.ai.GenAiAssertions.DURATION;
import static io.lantern.testapps.ai.GenAiAssertions.TOKENS;
import static io.lantern.testapps.ai.GenAiAssertions.assertInTheirRequestsTraces;
import static io.lantern.testapps.ai.GenAiAssertions.assertNoContentAndNoAgentError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j {@code EmbeddingModel} in a child JVM with the agent: {@code embed(String)} and {@code
 * embedAll} through {@code langchain4j-open-ai}, and {@code embed(String)} through {@code
 * langchain4j-open-ai-official} over openai-java (two instrumented layers, one call): each one
 * {@code embeddings} operation with the fake provider's input tokens, no output tokens, one event;
 * and a chat response asking for a tool, whose count is on the chat call's event.
 */
class LangChain4jEmbeddingsIT extends FakeProviderApp {
  static final String OPENAI = "openai";

  @Override
  String[] baseUrlProperty() {
    return new String[] {"ai.openai.base-url", provider.openAiBaseUrl()};
  }

  @Test
  void everyEmbeddingCallIsOneOperationWithTheProvidersInputTokens() throws Exception {
    provider.reset();
    String secret = "secret-lc4j-embed-" + UUID.randomUUID();
    try (AgentApp app = start()) {
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc4j-embed-v1").tokens(6, 0));
      ok(get(app, "/langchain4j/embed", "lc4j-embed", secret), "|4");
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc4j-embed-all-v1").tokens(19, 0));
      ok(get(app, "/langchain4j/embed-all?inputs=3", "lc4j-embed-all", secret), "|3");
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc4j-official-embed-v1").tokens(11, 0));
      ok(get(app, "/langchain4j/official-embed", "lc4j-official-embed", secret), "|4");
      provider.enqueue(Api.OPENAI, Reply.error(500));
      assertEquals(500, get(app, "/langchain4j/embed", "lc4j-embed-500", secret).status());
      // a chat response asking for a tool: its count on the chat call's event
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc4j-tools-v1").tokens(20, 5).toolCall("weather", "{\"city\":\"Oslo\"}"));
      ok(get(app, "/langchain4j/chat", "lc4j-tools", secret), "lc4j-tools-v1|null");

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 5);
      assertEquals(1, events.get("lc4j-tools").get("gen_ai_response_tool_calls").asInt(), events.get("lc4j-tools").toString());
      assertEquals("[\"tool_execution\"]", events.get("lc4j-tools").get("gen_ai_response_finish_reasons").toString());
      Metrics m = app.scrape();
      GenAiAssertions.assertOneEmbedding(m, events, OPENAI, "lc4j-embed", "lc4j-embed-v1", 6);
      GenAiAssertions.assertOneEmbedding(m, events, OPENAI, "lc4j-embed-all", "lc4j-embed-all-v1", 19);
      GenAiAssertions.assertOneEmbedding(m, events, OPENAI, "lc4j-official-embed", "lc4j-official-embed-v1", 11);
      assertFalse(m.labelSets(TOKENS + "_count").stream().anyMatch(l -> "output".equals(l.get("gen_ai_token_type"))
          && !"lc4j-tools".equals(l.get("gen_ai_request_model"))), m.describe(TOKENS + "_count"));
      assertEquals(5, m.labelSets(DURATION + "_count").size(), m.describe(DURATION + "_count"));
      assertEquals("dev.langchain4j.exception.InternalServerException", events.get("lc4j-embed-500").get("error_type").asText());
      assertEquals(4, provider.requests().stream().filter(r -> r.path().endsWith("/embeddings")).count());
      assertInTheirRequestsTraces(app, events.values(), "/langchain4j/");
      assertNoContentAndNoAgentError(app, secret);
    }
  }
}
