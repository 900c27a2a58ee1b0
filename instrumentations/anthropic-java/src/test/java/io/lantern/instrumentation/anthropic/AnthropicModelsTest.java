package io.lantern.instrumentation.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.core.ObjectMappers;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiTestLog;
import io.lantern.agent.genai.GenAiTracker;
import io.lantern.agent.genai.StainlessTracker;
import io.lantern.agent.trace.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading real anthropic-java 3.x model objects (parsed by the SDK's own mapper from API-shaped JSON). */
class AnthropicModelsTest {
  static final String MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},{\"type\":\"text\",\"text\":\" there\"}],"
      + "\"stop_reason\":\"max_tokens\",\"stop_sequence\":null,"
      + "\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":1000,\"output_tokens\":34,"
      + "\"service_tier\":\"standard\"}}";

  @RegisterExtension final GenAiTestLog log = new GenAiTestLog();

  private GenAiCall call(boolean capture) {
    return log.capture(capture).call("chat", "anthropic", "claude-sonnet-4-5");
  }

  static <T> T parse(String json, Class<T> type) throws Exception {
    return ObjectMappers.jsonMapper().readValue(json, type);
  }

  static List<RawMessageStreamEvent> streamEvents(String stopReason, boolean withDelta) throws Exception {
    List<RawMessageStreamEvent> stream = new ArrayList<>();
    stream.add(parse("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"model\":\"claude-haiku-4-5-20251001\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":5,\"cache_creation_input_tokens\":7,\"cache_read_input_tokens\":11,\"output_tokens\":1}}}",
        RawMessageStreamEvent.class));
    stream.add(parse("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
        RawMessageStreamEvent.class));
    stream.add(parse("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}",
        RawMessageStreamEvent.class));
    stream.add(parse("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}",
        RawMessageStreamEvent.class));
    stream.add(parse("{\"type\":\"content_block_stop\",\"index\":0}", RawMessageStreamEvent.class));
    if (withDelta) {
      stream.add(parse("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null},"
          + "\"usage\":{\"output_tokens\":42}}", RawMessageStreamEvent.class));
      stream.add(parse("{\"type\":\"message_stop\"}", RawMessageStreamEvent.class));
    }
    return stream;
  }

  @Test
  void aMessageCountsCacheTokensAsInput() throws Exception {
    GenAiCall call = call(true);
    AnthropicModels.readMessage(call, parse(MESSAGE, Message.class));
    JsonNode event = log.end(call);
    assertEquals("claude-sonnet-4-5-20250929", event.get("gen_ai_response_model").asText());
    assertEquals(12 + 100 + 1000, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(1000, event.get("gen_ai_usage_cache_read_input_tokens").asLong());
    assertEquals(100, event.get("gen_ai_usage_cache_write_input_tokens").asLong());
    assertNull(event.get("gen_ai_usage_reasoning_output_tokens"), "anthropic reports no reasoning count");
    assertEquals(34, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals("[\"max_tokens\"]", event.get("gen_ai_response_finish_reasons").toString());
    assertEquals("Hi there", event.get("gen_ai_output_messages").asText());
  }

  @Test
  void aBetaMessageReadsTheSame() throws Exception {
    GenAiCall call = call(false);
    AnthropicModels.readMessage(call, parse(MESSAGE, BetaMessage.class));
    JsonNode event = log.end(call);
    assertEquals(1112, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(34, event.get("gen_ai_usage_output_tokens").asLong());
    assertNull(event.get("gen_ai_output_messages"), "no content without capture");
  }

  @Test
  void streamEventsGiveInputFromTheStartAndOutputFromTheFinalDelta() throws Exception {
    GenAiCall call = call(true);
    for (RawMessageStreamEvent e : streamEvents("end_turn", true)) {
      AnthropicModels.readEvent(call, e);
    }
    JsonNode event = log.end(call);
    assertEquals("claude-haiku-4-5-20251001", event.get("gen_ai_response_model").asText());
    assertEquals(5 + 7 + 11, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(11, event.get("gen_ai_usage_cache_read_input_tokens").asLong());
    assertEquals(7, event.get("gen_ai_usage_cache_write_input_tokens").asLong());
    assertEquals(42, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals("[\"end_turn\"]", event.get("gen_ai_response_finish_reasons").toString());
    assertEquals("Hello", event.get("gen_ai_output_messages").asText());
  }

  @Test
  void aStreamClosedBeforeItsDeltaHasNoOutputCountNotThePlaceholder() throws Exception {
    GenAiCall call = call(false);
    for (RawMessageStreamEvent e : streamEvents("end_turn", false)) {
      AnthropicModels.readEvent(call, e);
    }
    JsonNode event = log.end(call);
    assertEquals(23, event.get("gen_ai_usage_input_tokens").asLong());
    assertTrue(event.get("gen_ai_usage_output_tokens").isNull(), event.toString());
    assertTrue(event.has("gen_ai_usage_note"));
  }

  @Test
  void aDeltaWithCumulativeInputUsageReplacesTheStartsCount() throws Exception {
    GenAiCall call = call(false);
    AnthropicModels.readEvent(call, streamEvents("end_turn", false).get(0));
    AnthropicModels.readEvent(call, parse("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
        + "\"usage\":{\"input_tokens\":6,\"cache_creation_input_tokens\":7,\"cache_read_input_tokens\":11,\"output_tokens\":3}}",
        RawMessageStreamEvent.class));
    JsonNode event = log.end(call);
    assertEquals(24, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(3, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals("[\"tool_use\"]", event.get("gen_ai_response_finish_reasons").toString());
  }

  @Test
  void theRequestModelAndPromptAreReadFromTheParams() {
    MessageCreateParams params = MessageCreateParams.builder().model(Model.CLAUDE_SONNET_4_5).maxTokens(100)
        .system("be brief").addUserMessage("tell me").build();
    assertEquals("claude-sonnet-4-5", AnthropicModels.requestModel(params));
    assertEquals("be brief\ntell me", AnthropicModels.inputText(params));
    MessageCreateParams blocks = MessageCreateParams.builder().model("m").maxTokens(1)
        .systemOfTextBlockParams(List.of(TextBlockParam.builder().text("sys").build()))
        .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofText(TextBlockParam.builder().text("block").build())))
        .build();
    assertEquals("sys\nblock", AnthropicModels.inputText(blocks));
    MessageCreateParams custom = MessageCreateParams.builder().model("my-claude").maxTokens(1).addUserMessage("x").build();
    assertEquals("my-claude", AnthropicModels.requestModel(custom));
    com.anthropic.models.beta.messages.MessageCreateParams beta = com.anthropic.models.beta.messages.MessageCreateParams.builder()
        .model("b").maxTokens(1)
        .systemOfBetaTextBlockParams(List.of(com.anthropic.models.beta.messages.BetaTextBlockParam.builder().text("beta sys").build()))
        .addUserMessage("beta prompt").build();
    assertEquals("beta sys\nbeta prompt", AnthropicModels.inputText(beta), "the beta twin's system blocks are named apart");
  }

  /** Everything the module reads of the SDK, against the SDK version it is tested with: a rename fails here, naming it. */
  @Test
  void everyTypeAndAccessorTheModuleReadsIsInTheSdk() {
    assertEquals(List.of(), AnthropicModels.API.missing(getClass().getClassLoader()), "missing from anthropic-java");
    assertTrue(!AnthropicModels.API.accessors().isEmpty());
  }

  /** What a service method returns, as the tracker tells it from the origin. */
  private GenAiTracker.Style kind(String origin) {
    StainlessTracker.Method method = new StainlessTracker(AnthropicModels.SDK, log.recorder(), log.errors()).method(origin);
    return method == null ? null : method.style();
  }

  @Test
  void serviceMethodsAreTold() {
    assertEquals(GenAiTracker.Style.BLOCKING, kind(AnthropicModels.MESSAGES_BLOCKING + ".create"));
    assertEquals(GenAiTracker.Style.STREAMING, kind(AnthropicModels.MESSAGES_BLOCKING + ".createStreaming"));
    assertEquals(GenAiTracker.Style.ASYNC, kind(AnthropicModels.MESSAGES_ASYNC + ".create"));
    assertEquals(GenAiTracker.Style.STREAMING, kind(AnthropicModels.MESSAGES_ASYNC + ".createStreaming"), "an AsyncStreamResponse");
    assertEquals(GenAiTracker.Style.BLOCKING, kind(AnthropicModels.BETA_MESSAGES_BLOCKING + ".create"));
    assertEquals(GenAiTracker.Style.ASYNC, kind(AnthropicModels.BETA_MESSAGES_ASYNC + ".create"));
    assertNull(kind(AnthropicModels.MESSAGES_BLOCKING + ".countTokens"));
    assertNull(kind("com.anthropic.services.blocking.ModelServiceImpl.create"));
    assertNull(kind(null));
  }

  /** Stands for the SDK's async stream response: any object of a class whose loader sees the SDK. */
  static final class FakeAsyncStreamResponse {}

  @Test
  void anAsyncSubscriptionIsObservedThroughAProxyOfTheSdksHandler() throws Exception {
    StainlessTracker tracker = new StainlessTracker(AnthropicModels.SDK, log.recorder(), log.errors());
    Object state = tracker.enter(StainlessTracker.SERVICE, null,
        MessageCreateParams.builder().model("claude-async").maxTokens(1).addUserMessage("x").build(),
        AnthropicModels.MESSAGES_ASYNC + ".createStreaming");
    FakeAsyncStreamResponse response = new FakeAsyncStreamResponse();
    tracker.exit(StainlessTracker.SERVICE, state, null, response, null);
    assertNull(Tracing.current(), "detached when the method returned");
    List<Object> seen = new ArrayList<>();
    List<Optional<Throwable>> completed = new ArrayList<>();
    AsyncStreamResponse.Handler<RawMessageStreamEvent> app = new AsyncStreamResponse.Handler<RawMessageStreamEvent>() {
      @Override
      public void onNext(RawMessageStreamEvent event) {
        seen.add(event);
      }

      @Override
      public void onComplete(Optional<Throwable> error) {
        completed.add(error);
      }
    };
    Object passed = tracker.exit(StainlessTracker.SUBSCRIBE, null, response, app, null);
    assertNotSame(app, passed);
    assertSame(passed, tracker.exit(StainlessTracker.SUBSCRIBE, null, response, passed, null), "never wrapped twice");
    assertSame(app, tracker.exit(StainlessTracker.SUBSCRIBE, null, new FakeAsyncStreamResponse(), app, null),
        "an unmeasured response keeps its handler");
    @SuppressWarnings("unchecked")
    AsyncStreamResponse.Handler<RawMessageStreamEvent> handler = (AsyncStreamResponse.Handler<RawMessageStreamEvent>) passed;
    List<RawMessageStreamEvent> stream = streamEvents("end_turn", true);
    for (RawMessageStreamEvent e : stream) {
      handler.onNext(e);
    }
    handler.onComplete(Optional.empty());
    assertEquals(stream, seen);
    assertEquals(List.of(Optional.empty()), completed);
    JsonNode event = log.nextCall();
    assertEquals("claude-async", event.get("gen_ai_request_model").asText());
    assertEquals(23, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(42, event.get("gen_ai_usage_output_tokens").asLong());
    assertTrue(event.get("time_to_first_chunk_ms").asDouble() >= 0);
    tracker.exit(StainlessTracker.CLOSE, null, response, null, null);
  }
}
