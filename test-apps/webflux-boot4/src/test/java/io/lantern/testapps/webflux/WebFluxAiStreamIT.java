package io.lantern.testapps.webflux;

import static io.lantern.harness.GenAiAssertions.assertOneCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.GenAiAssertions;
import io.lantern.harness.Response;
import io.lantern.testapps.fakeai.FakeAiProvider;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import io.lantern.testapps.fakeai.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Spring AI streaming through a WebFlux endpoint ({@code Flux<String>} from {@code
 * ChatClient.stream().content()}) on the Boot 4 WebFlux app, against the fake provider: one server
 * record that ends after the stream, the AI call one operation with the provider's exact tokens and
 * its span a child of the request's server span.
 */
class WebFluxAiStreamIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aStreamedAnswerIsOneRequestWithTheAiCallItsChild() throws Exception {
    try (FakeAiProvider provider = FakeAiProvider.start();
        AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).sysProp("ai.openai.base-url", provider.openAiBaseUrl())
            .sysProp("lantern.traces.exporter", "log").start()) {
      provider.enqueue(Api.OPENAI, Reply.ok().model("wf-stream-v1").tokens(5, 7).chunks(5).firstChunkDelayMs(200).chunkDelayMs(100));
      Response r = app.get("/ai/stream?model=wf-stream&prompt=hi");
      assertEquals(200, r.status(), r.body());
      assertEquals("Hello from the fake provider.", r.body());
      assertEquals(0, provider.pending(Api.OPENAI), "the scripted reply was used");

      List<JsonNode> requests = app.awaitExactly("http_request", 1, WAIT);
      JsonNode request = requests.get(0);
      assertEquals("/ai/stream", request.path("http_route").asText(), request.toString());
      assertEquals(200, request.path("http_response_status_code").asInt(), request.toString());
      Map<String, JsonNode> calls = GenAiAssertions.awaitCallEvents(app, 1);
      JsonNode call = calls.values().iterator().next();
      assertEquals(request.path("trace_id").asText(), call.path("trace_id").asText(), call.toString());
      assertEquals(5, call.path("gen_ai_usage_input_tokens").asLong(), call.toString());
      assertEquals(7, call.path("gen_ai_usage_output_tokens").asLong(), call.toString());
      assertTrue(request.path("duration_ms").asDouble() >= call.path("duration_ms").asDouble(),
          "the request ends after the stream: " + request + "\n" + call);
      assertTrue(request.path("duration_ms").asDouble() >= 600, request.toString());
      assertOneCall(app.scrape(), "openai", "wf-stream", "wf-stream-v1", 5, 7);

      String aiSpan = call.path("span_id").asText();
      long deadline = System.nanoTime() + WAIT.toNanos();
      List<JsonNode> spans;
      do {
        spans = app.events("span").stream().filter(s -> aiSpan.equals(s.path("span_id").asText())).collect(Collectors.toList());
        WebFluxIT.pause(100); // WebFluxIT is compiled into this module too
      } while (spans.isEmpty() && System.nanoTime() < deadline);
      assertEquals(1, spans.size(), app.events("span").toString());
      assertEquals(request.path("span_id").asText(), spans.get(0).path("parent_span_id").asText(),
          "the AI call is a child of the request's server span: " + spans.get(0));
      assertEquals(1, app.events("http_request").size(), "one record for the streamed request");
    }
  }
}
