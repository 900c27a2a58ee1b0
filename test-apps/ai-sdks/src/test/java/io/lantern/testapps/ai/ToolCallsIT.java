package io.lantern.testapps.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code gen_ai_response_tool_calls} beyond chat completions: openai-java's Responses API {@code
 * function_call} output items (blocking and streamed), anthropic-java's {@code tool_use} content
 * blocks (messages and beta messages, and a stream's {@code content_block_start} events, blocking
 * and async) and google-genai's {@code functionCall} parts (blocking and
 * async), each scripted with the fake provider's tool calls and counted exactly on the event.
 */
class ToolCallsIT extends FakeProviderApp {
  @Override
  String[] baseUrlProperty() {
    return new String[] {"ai.openai.base-url", provider.openAiBaseUrl()};
  }

  private static Reply tools(int count) {
    Reply reply = Reply.ok().tokens(30, 12);
    for (int i = 0; i < count; i++) {
      reply.toolCall(i == 0 ? "weather" : "time" + i, i == 0 ? "{\"city\":\"Oslo\"}" : "{}");
    }
    return reply;
  }

  /** Scripts the reply, then calls the route with that request model; it answers 200. */
  private static void answered(AgentApp app, Api api, Reply reply, String path, String model) {
    provider.enqueue(api, reply);
    ok(get(app, path, model, "hi"));
  }

  @Test
  void theToolCallsOfEveryProvidersResponseAreCountedOnTheEvent() throws Exception {
    provider.reset();
    try (AgentApp app = start("ai.anthropic.base-url", provider.baseUrl(), "ai.gemini.base-url", provider.baseUrl())) {
      answered(app, Api.OPENAI, tools(2), "/openai/responses", "tc-responses");
      answered(app, Api.OPENAI, tools(1).chunks(2), "/openai/responses-stream", "tc-responses-stream");
      answered(app, Api.OPENAI, Reply.ok(), "/openai/responses", "tc-responses-none");
      answered(app, Api.ANTHROPIC, tools(2), "/anthropic/messages", "tc-claude");
      answered(app, Api.ANTHROPIC, tools(1), "/anthropic/beta-messages", "tc-claude-beta");
      answered(app, Api.ANTHROPIC, Reply.ok(), "/anthropic/messages", "tc-claude-none");
      answered(app, Api.ANTHROPIC, tools(2).chunks(2), "/anthropic/messages-stream", "tc-claude-stream");
      answered(app, Api.ANTHROPIC, tools(1), "/anthropic/messages-async-stream", "tc-claude-async-stream");
      answered(app, Api.GEMINI, tools(3), "/gemini/generate", "tc-gemini");
      answered(app, Api.GEMINI, tools(1), "/gemini/generate-async", "tc-gemini-async");
      for (Api api : List.of(Api.OPENAI, Api.ANTHROPIC, Api.GEMINI)) {
        assertEquals(0, provider.pending(api), "every scripted reply was used: " + api);
      }

      Map<String, JsonNode> events = GenAiAssertions.awaitCallEvents(app, 10);
      Map<String, Integer> expected = Map.of("tc-responses", 2, "tc-responses-stream", 1, "tc-claude", 2, "tc-claude-beta", 1,
          "tc-claude-stream", 2, "tc-claude-async-stream", 1, "tc-gemini", 3, "tc-gemini-async", 1);
      expected.forEach((model, count) -> assertEquals(count, events.get(model).path("gen_ai_response_tool_calls").asInt(-1),
          model + ": " + events.get(model)));
      for (String none : List.of("tc-responses-none", "tc-claude-none")) {
        assertNull(events.get(none).get("gen_ai_response_tool_calls"), "written only when the model asked for a tool: " + events.get(none));
      }
      assertEquals("[\"tool_use\"]", events.get("tc-claude").get("gen_ai_response_finish_reasons").toString());
      assertEquals("[\"tool_use\"]", events.get("tc-claude-stream").get("gen_ai_response_finish_reasons").toString());
      assertEquals(12, events.get("tc-claude-stream").get("gen_ai_usage_output_tokens").asLong());
      assertEquals(30, events.get("tc-gemini").get("gen_ai_usage_input_tokens").asLong());
      assertEquals(List.of(), app.events("instrumentation_error"));
    }
  }
}
