package io.lantern.testapps.ai;

import static io.lantern.testapps.ai.GenAiAssertions.DURATION;
import static io.lantern.testapps.ai.GenAiAssertions.assertOneCall;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code langchain4j-open-ai} (LangChain4j's own OpenAI module, its own HTTP client) gets the
 * provider of its base URL's host like openai-java: the fake provider's {@code 127.0.0.1:<port>}
 * is {@code openai} by default (any unlisted host, localhost included, keeps the API shape) and
 * {@code vllm} once {@code lantern.gen-ai.provider-hosts} names it; chat, streaming and embeddings.
 */
class LangChain4jOpenAiHostsIT extends FakeProviderApp {
  @Override
  String[] baseUrlProperty() {
    return new String[] {"ai.openai.base-url", provider.openAiBaseUrl()};
  }

  private static Set<String> providers(Metrics m) {
    return m.labelSets(DURATION + "_count").stream().map(l -> l.get("gen_ai_provider_name")).collect(Collectors.toSet());
  }

  private void threeCalls(AgentApp app, String prefix) {
    provider.enqueue(Api.OPENAI, Reply.ok().model(prefix + "-chat-v1").tokens(6, 9));
    ok(get(app, "/langchain4j/chat", prefix + "-chat", "hi"));
    provider.enqueue(Api.OPENAI, Reply.ok().model(prefix + "-stream-v1").tokens(2, 3).chunks(2));
    ok(get(app, "/langchain4j/stream", prefix + "-stream", "hi"));
    provider.enqueue(Api.OPENAI, Reply.ok().model(prefix + "-embed-v1").tokens(5, 0));
    ok(get(app, "/langchain4j/embed", prefix + "-embed", "hi"), "|4");
  }

  @Test
  void theOpenAiModuleIsNamedByItsBaseUrlsHost() throws Exception {
    provider.reset();
    String hostPort = provider.baseUrl().substring("http://".length());
    try (AgentApp app = start("lantern.gen-ai.provider-hosts", "localhost:1=ollama," + hostPort + "=vllm")) {
      threeCalls(app, "hosted");
      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 3);
      Metrics m = app.scrape();
      assertOneCall(m, "vllm", "hosted-chat", "hosted-chat-v1", 6, 9);
      assertOneCall(m, "vllm", "hosted-stream", "hosted-stream-v1", 2, 3);
      GenAiAssertions.assertOneEmbedding(m, events, "vllm", "hosted-embed", "hosted-embed-v1", 5);
      assertEquals(Set.of("vllm"), providers(m), m.describe(DURATION + "_count"));
      for (JsonNode event : events.values()) {
        assertEquals("vllm", event.get("gen_ai_provider_name").asText(), event.toString());
      }
      assertEquals(List.of(), app.events("config_warning"));
      assertEquals(List.of(), app.events("instrumentation_error"));
    }
    try (AgentApp app = start()) {
      threeCalls(app, "unmapped");
      GenAiAssertions.awaitCallEvents(app, 3);
      Metrics m = app.scrape();
      assertEquals(Set.of("openai"), providers(m), "an unlisted host keeps the API's provider: " + m.describe(DURATION + "_count"));
      assertOneCall(m, "openai", "unmapped-chat", "unmapped-chat-v1", 6, 9);
    }
  }
}
