package io.lantern.testapps.ai;

import static io.lantern.testapps.ai.GenAiAssertions.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.testapps.fakeai.FakeAiProvider;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A LangChain4j AI Service with two {@code @Tool}s in a child JVM with the agent: every tool the
 * model asks for is one {@code execute_tool} span under the request and one observation of the tool
 * histogram; the throwing tool reports its own exception class while LangChain4j still hands the
 * model its error result (the app gets its answer).
 */
class LangChain4jToolsIT {
  @Test
  void everyToolRunIsOneSpanUnderTheRequestAndOneObservation() throws Exception {
    try (FakeAiProvider provider = FakeAiProvider.start();
        AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).sysProp("ai.openai.base-url", provider.openAiBaseUrl())
            .sysProp("lantern.traces.exporter", "log").start()) {
      // one question, two weather runs in one model turn
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-agent-v1").tokens(10, 5)
          .toolCall("weather", "{\"city\":\"Paris\"}").toolCall("weather", "{\"city\":\"Oslo\"}"));
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-agent-v1").tokens(20, 6));
      assertEquals("|Hello from the fake provider.", answer(app, "/langchain4j/agent", null, "Weather in Paris and Oslo?"));
      // a tool that throws: LangChain4j turns it into an error result, the model answers anyway
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-agent-v1").tokens(10, 5).toolCall("broken", "{\"city\":\"Rome\"}"));
      provider.enqueue(Api.OPENAI, Reply.ok().model("lc-agent-v1").tokens(20, 6));
      assertEquals("|Hello from the fake provider.", answer(app, "/langchain4j/agent", null, "Break it"));
      assertEquals(0, provider.pending(Api.OPENAI), "every scripted reply was used");

      List<JsonNode> tools = GenAiAssertions.assertToolRuns(app, Map.of("weather", 2, "broken", 1),
          Map.of("broken", IllegalStateException.class.getName()), "GET");
      // LangChain4j hands over the model's ids
      assertEquals(List.of("call_1", "call_1", "call_2"),
          tools.stream().map(s -> s.path("attributes").path("gen_ai.tool.call.id").asText()).sorted().toList(), tools.toString());
    }
  }
}
