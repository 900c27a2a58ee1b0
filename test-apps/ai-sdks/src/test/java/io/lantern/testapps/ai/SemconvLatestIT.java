package io.lantern.testapps.ai;

import static io.lantern.testapps.ai.GenAiAssertions.call;
import static io.lantern.testapps.ai.GenAiAssertions.embeddings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app launched with OpenTelemetry's switch {@code OTEL_SEMCONV_STABILITY_OPT_IN=http,gen_ai_latest_experimental}
 * (no Lantern key): openai-java chat (blocking with cached and reasoning tokens, streamed, refused
 * with 429), embeddings and a LangChain4j tool run appear under the names of
 * semantic-conventions-genai v0.1.0 with exact counts and token sums, none under today's names;
 * the Lantern cost counters stay, the cached share priced at the cached-input price.
 */
class SemconvLatestIT extends FakeProviderApp {
  static final String OPENAI = "openai";
  @TempDir Path dir;

  @Override
  String[] baseUrlProperty() {
    return new String[] {"ai.openai.base-url", provider.openAiBaseUrl()};
  }

  /** The labels of a usage counter series. */
  static Map<String, String> usage(String requestModel, String responseModel) {
    Map<String, String> labels = new LinkedHashMap<>(call(OPENAI, requestModel, responseModel, ""));
    labels.remove("error_type");
    labels.put("gen_ai_token_modality", "unknown");
    return labels;
  }

  @Test
  void theOptInSwitchEmitsTheNewNamesWithExactNumbers() throws Exception {
    provider.reset();
    Path prices = dir.resolve("prices.csv");
    Files.writeString(prices, "provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m\n"
        + "openai,sc-chat-v1,2,8,1\n");
    AgentApp.Builder builder = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("ai.openai.base-url", provider.openAiBaseUrl())
        .sysProp("lantern.gen-ai.prices.file", prices.toString())
        .env("OTEL_SEMCONV_STABILITY_OPT_IN", "http,gen_ai_latest_experimental");
    try (AgentApp app = builder.start()) {
      provider.enqueue(Api.OPENAI, Reply.ok().model("sc-chat-v1").tokens(120, 34).cacheTokens(100, 0).reasoningTokens(30));
      ok(get(app, "/openai/chat", "sc-chat", "hi"));
      provider.enqueue(Api.OPENAI, Reply.ok().model("sc-stream-v1").tokens(5, 7).cacheTokens(3, 0).reasoningTokens(2)
          .chunks(4).firstChunkDelayMs(FIRST_CHUNK_DELAY_MS));
      ok(get(app, "/openai/chat-stream?usage=true", "sc-stream", "hi"));
      provider.enqueue(Api.OPENAI, Reply.rateLimited(1));
      assertEquals("com.openai.errors.RateLimitException", failure(get(app, "/openai/chat", "sc-429", "hi")));
      provider.enqueue(Api.OPENAI, Reply.ok().model("sc-embed-v1").tokens(8, 0));
      ok(get(app, "/openai/embeddings", "sc-embed", "hi"), "sc-embed-v1|1");
      // a LangChain4j AI Service running one tool the model asked for
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-agent-v1").tokens(10, 5).toolCall("weather", "{\"city\":\"Paris\"}"));
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-agent-v1").tokens(20, 6));
      assertEquals("|Hello from the fake provider.", GenAiAssertions.answer(app, "/langchain4j/agent", null, "Weather in Paris?"));
      assertEquals(0, provider.pending(Api.OPENAI), "every scripted reply was used");

      List<JsonNode> events = app.awaitExactly("gen_ai_call", 6, GenAiAssertions.WAIT);
      JsonNode chat = events.stream().filter(e -> e.path("gen_ai_request_model").asText().equals("sc-chat")).findFirst().orElseThrow();
      Metrics m = app.scrape();
      String duration = "gen_ai_client_inference_duration_seconds_count";
      assertEquals(1.0, m.value(duration, call(OPENAI, "sc-chat", "sc-chat-v1", "")), m.describe(duration));
      assertEquals(1.0, m.value(duration, call(OPENAI, "sc-stream", "sc-stream-v1", "")), m.describe(duration));
      assertEquals(1.0, m.value(duration, call(OPENAI, "sc-429", "", "com.openai.errors.RateLimitException")), m.describe(duration));
      // the chat calls (three here, two model turns of the AI service) and nothing else
      assertEquals(4, m.labelSets(duration).size(), m.describe(duration));
      assertEquals(5.0, m.sum(duration), m.describe(duration));

      String firstChunk = "gen_ai_client_inference_time_to_first_chunk_seconds_count";
      Map<String, String> streamed = call(OPENAI, "sc-stream", "sc-stream-v1", "");
      streamed.remove("error_type");
      assertEquals(1.0, m.value(firstChunk, streamed), m.describe(firstChunk));
      assertEquals(1, m.labelSets(firstChunk).size(), m.describe(firstChunk));
      assertTrue(m.value("gen_ai_client_inference_time_to_first_chunk_seconds_sum", streamed) >= FIRST_CHUNK_DELAY_MS / 1000.0);

      Map<String, Map<String, Double>> expected = Map.of(
          "input_tokens", Map.of("sc-chat", 120.0, "sc-stream", 5.0),
          "output_tokens", Map.of("sc-chat", 34.0, "sc-stream", 7.0),
          "cache_read_input_tokens", Map.of("sc-chat", 100.0, "sc-stream", 3.0),
          "reasoning_output_tokens", Map.of("sc-chat", 30.0, "sc-stream", 2.0));
      expected.forEach((counter, byModel) -> byModel.forEach((model, tokens) -> {
        String name = "gen_ai_client_inference_usage_" + counter + "_total";
        assertEquals(tokens, m.value(name, usage(model, model + "-v1")), m.describe(name));
      }));
      // the AI service's two model turns: 10 + 20 in, 5 + 6 out
      assertEquals(30.0 + 125, m.sum("gen_ai_client_inference_usage_input_tokens_total"));
      assertEquals(11.0 + 41, m.sum("gen_ai_client_inference_usage_output_tokens_total"));

      Map<String, String> embed = embeddings(OPENAI, "sc-embed", "sc-embed-v1", "");
      assertEquals(1.0, m.value("gen_ai_client_embeddings_duration_seconds_count", embed), m.describe("gen_ai_client_embeddings_duration_seconds_count"));
      embed.remove("error_type");
      assertEquals(1.0, m.value("gen_ai_client_embeddings_operation_input_tokens_count", embed));
      assertEquals(8.0, m.value("gen_ai_client_embeddings_operation_input_tokens_sum", embed));
      assertEquals(1.0, m.value("gen_ai_execute_tool_duration_seconds_count", Map.of("gen_ai_tool_name", "weather", "error_type", "")),
          m.describe("gen_ai_execute_tool_duration_seconds_count"));

      // Lantern's own names stay: (20 plain at 2 + 100 cached at 1 + 34 out at 8) per million, the cached share 100 at 1
      Map<String, String> byModel = Map.of("gen_ai_provider_name", OPENAI, "gen_ai_request_model", "sc-chat");
      assertEquals(0.000412, m.value("lantern_gen_ai_client_cost_usd_total", byModel), 1e-12);
      assertEquals(0.0001, m.value("lantern_gen_ai_client_cached_input_cost_usd_total", byModel), 1e-12);
      assertEquals(0.000412, chat.get("cost_usd").asDouble(), 1e-12);

      for (String old : List.of("gen_ai_client_operation_duration_seconds_count", "gen_ai_client_token_usage_count",
          "gen_ai_client_operation_time_to_first_chunk_seconds_count", "lantern_gen_ai_tool_duration_seconds_count",
          "lantern_gen_ai_client_cache_read_input_tokens_total")) {
        assertTrue(m.samples(old).isEmpty(), old + ": " + m.describe(old));
      }
      assertEquals(List.of(), app.events("config_warning"), "the switch is not a warning");
    }
  }
}
