package io.lantern.instrumentation.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import com.openai.models.ChatModel;
import com.openai.models.ResponsesModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiTestLog;
import io.lantern.agent.genai.StainlessTracker;
import io.lantern.agent.util.Getters;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading real openai-java 4.x model objects (parsed by the SDK's own mapper from API-shaped JSON). */
class OpenAiModelsTest {
  @RegisterExtension final GenAiTestLog log = new GenAiTestLog();

  private GenAiCall call(boolean capture) {
    return log.capture(capture).call("chat", "openai", "gpt-4o");
  }

  static <T> T parse(String json, Class<T> type) throws Exception {
    return ObjectMappers.jsonMapper().readValue(json, type);
  }

  @Test
  void chatCompletion() throws Exception {
    GenAiCall call = call(true);
    ChatCompletion completion = parse("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-2024-08-06\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"},"
        + "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"Ho\"},\"finish_reason\":\"length\"}],"
        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34,\"total_tokens\":46,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":10},\"completion_tokens_details\":{\"reasoning_tokens\":30}}}", ChatCompletion.class);
    OpenAiModels.readChatCompletion(call, completion);
    JsonNode event = log.end(call);
    assertEquals("gpt-4o-2024-08-06", event.get("gen_ai_response_model").asText());
    assertEquals(12, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(34, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals(10, event.get("gen_ai_usage_cache_read_input_tokens").asLong());
    assertEquals(30, event.get("gen_ai_usage_reasoning_output_tokens").asLong());
    assertNull(event.get("gen_ai_usage_cache_write_input_tokens"));
    assertEquals("[\"stop\",\"length\"]", event.get("gen_ai_response_finish_reasons").toString());
    assertEquals("Hi", event.get("gen_ai_output_messages").asText());
  }

  @Test
  void chatChunksWithAndWithoutUsage() throws Exception {
    GenAiCall call = call(true);
    String base = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-2024-08-06\",";
    OpenAiModels.readChatChunk(call, parse(base + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"He\"},"
        + "\"finish_reason\":null}],\"usage\":null}", ChatCompletionChunk.class));
    OpenAiModels.readChatChunk(call, parse(base + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"llo\"},"
        + "\"finish_reason\":\"stop\"}]}", ChatCompletionChunk.class));
    OpenAiModels.readChatChunk(call, parse(base + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,"
        + "\"total_tokens\":12}}", ChatCompletionChunk.class));
    JsonNode event = log.end(call);
    assertEquals(5, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(7, event.get("gen_ai_usage_output_tokens").asLong());
    assertNull(event.get("gen_ai_usage_cache_read_input_tokens"), "no details in the usage chunk: not reported");
    assertNull(event.get("gen_ai_usage_reasoning_output_tokens"));
    assertEquals("[\"stop\"]", event.get("gen_ai_response_finish_reasons").toString());
    assertEquals("Hello", event.get("gen_ai_output_messages").asText());
  }

  @Test
  void responseAndItsStreamEvents() throws Exception {
    String response = "{\"id\":\"r1\",\"object\":\"response\",\"created_at\":1,\"status\":\"completed\",\"model\":\"gpt-4.1-2025-04-14\","
        + "\"output\":[{\"type\":\"message\",\"id\":\"m1\",\"status\":\"completed\",\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"output_text\",\"text\":\"Hi\",\"annotations\":[]}]}],\"parallel_tool_calls\":true,"
        + "\"tool_choice\":\"auto\",\"tools\":[],\"usage\":{\"input_tokens\":36,\"input_tokens_details\":{\"cached_tokens\":6},"
        + "\"output_tokens\":87,\"output_tokens_details\":{\"reasoning_tokens\":40},\"total_tokens\":123}}";
    GenAiCall blocking = call(true);
    OpenAiModels.readResponse(blocking, parse(response, Response.class));
    JsonNode event = log.end(blocking);
    assertEquals("gpt-4.1-2025-04-14", event.get("gen_ai_response_model").asText());
    assertEquals(36, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(87, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals(6, event.get("gen_ai_usage_cache_read_input_tokens").asLong());
    assertEquals(40, event.get("gen_ai_usage_reasoning_output_tokens").asLong());
    assertEquals("[\"completed\"]", event.get("gen_ai_response_finish_reasons").toString());
    assertEquals("Hi", event.get("gen_ai_output_messages").asText());

    GenAiCall streamed = call(true);
    OpenAiModels.readResponseEvent(streamed, parse("{\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"item_id\":\"m1\","
        + "\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\",\"logprobs\":[]}", ResponseStreamEvent.class));
    OpenAiModels.readResponseEvent(streamed, parse("{\"type\":\"response.completed\",\"sequence_number\":9,\"response\":"
        + response + "}",
        ResponseStreamEvent.class));
    JsonNode streamedEvent = log.end(streamed);
    assertEquals(87, streamedEvent.get("gen_ai_usage_output_tokens").asLong());
    assertEquals(6, streamedEvent.get("gen_ai_usage_cache_read_input_tokens").asLong());
    assertEquals(40, streamedEvent.get("gen_ai_usage_reasoning_output_tokens").asLong());
    assertEquals("gpt-4.1-2025-04-14", streamedEvent.get("gen_ai_response_model").asText());
    assertEquals("Hi", streamedEvent.get("gen_ai_output_messages").asText(), "the deltas, not the final text again");
  }

  @Test
  void requestModelsAndStreamOptionsAreReadFromTheParams() {
    ChatCompletionCreateParams chat = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O).addUserMessage("hi")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    assertEquals("gpt-4o", OpenAiModels.requestModel(chat, false));
    assertTrue(Getters.isTrue(Getters.get(chat, OpenAiModels.STREAM_OPTIONS), OpenAiModels.INCLUDE_USAGE));
    assertTrue(OpenAiModels.includesUsage(chat));
    ChatCompletionCreateParams custom = ChatCompletionCreateParams.builder().model("my-model").addUserMessage("hi").build();
    assertEquals("my-model", OpenAiModels.requestModel(custom, false));
    assertNull(Getters.get(custom, OpenAiModels.STREAM_OPTIONS));
    assertFalse(OpenAiModels.includesUsage(custom));
    assertTrue(OpenAiModels.inputText(custom, false).contains("hi"));

    ResponseCreateParams responses = ResponseCreateParams.builder().model(ChatModel.GPT_4_1).input("tell me").build();
    assertEquals("gpt-4.1", OpenAiModels.modelName(Getters.get(responses, OpenAiModels.RESPONSE_PARAMS_MODEL)));
    assertEquals("gpt-4.1", OpenAiModels.requestModel(responses, true));
    assertEquals("tell me", OpenAiModels.inputText(responses, true));
    assertEquals("o3-pro", OpenAiModels.modelName(ResponsesModel.ofString("o3-pro")));
    assertEquals("x", OpenAiModels.modelName("x"));
    assertNull(OpenAiModels.modelName(null));
  }

  /** Everything the module reads of the SDK, against the SDK version it is tested with: a rename fails here, naming it. */
  @Test
  void everyTypeAndAccessorTheModuleReadsIsInTheSdk() {
    assertEquals(List.of(), OpenAiModels.API.missing(getClass().getClassLoader()), "missing from openai-java");
    assertFalse(OpenAiModels.API.accessors().isEmpty());
  }

  /** A service method's API and what it returns, as the tracker tells them from the origin. */
  private String kind(String origin) {
    StainlessTracker.Method method = new StainlessTracker(OpenAiModels.SDK, log.recorder(), log.errors()).method(origin);
    return method == null ? null : method.service().family() + " " + method.style();
  }

  @Test
  void serviceMethodsAreTold() {
    assertEquals("CHAT_COMPLETIONS BLOCKING", kind(OpenAiModels.CHAT_BLOCKING + ".create"));
    assertEquals("CHAT_COMPLETIONS STREAMING", kind(OpenAiModels.CHAT_BLOCKING + ".createStreaming"));
    assertEquals("CHAT_COMPLETIONS ASYNC", kind(OpenAiModels.CHAT_ASYNC + ".create"));
    assertEquals("RESPONSES BLOCKING", kind(OpenAiModels.RESPONSES_BLOCKING + ".create"));
    assertEquals("RESPONSES STREAMING", kind(OpenAiModels.RESPONSES_BLOCKING + ".createStreaming"));
    assertEquals("RESPONSES ASYNC", kind(OpenAiModels.RESPONSES_ASYNC + ".create"));
    assertEquals("CHAT_COMPLETIONS STREAMING", kind(OpenAiModels.CHAT_ASYNC + ".createStreaming"), "an AsyncStreamResponse");
    assertEquals("RESPONSES STREAMING", kind(OpenAiModels.RESPONSES_ASYNC + ".createStreaming"));
    assertNull(kind("com.example.Other.create"));
    assertNull(kind(null));
  }
}
