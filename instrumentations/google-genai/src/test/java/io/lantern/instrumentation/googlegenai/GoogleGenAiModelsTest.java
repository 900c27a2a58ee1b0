package io.lantern.instrumentation.googlegenai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Part;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiTestLog;
import io.lantern.agent.genai.GenAiTracker.Style;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reading real google-genai 1.x model objects (parsed by the SDK from API-shaped JSON). */
class GoogleGenAiModelsTest {
  @RegisterExtension final GenAiTestLog log = new GenAiTestLog();

  private GenAiCall call(boolean capture) {
    return log.capture(capture).call("generate_content", "gcp.gemini", "gemini-2.5-flash");
  }

  static String chunk(String text, String finish, String usage) {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"}"
        + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + ",\"index\":0}],"
        + (usage == null ? "" : "\"usageMetadata\":" + usage + ",")
        + "\"modelVersion\":\"gemini-2.5-flash-001\",\"responseId\":\"r1\"}";
  }

  @Test
  void aResponseGivesModelVersionUsageWithThoughtsAndFinishReasons() throws Exception {
    GenAiCall call = call(true);
    GoogleGenAiModels.readResponse(call, GenerateContentResponse.fromJson(
        chunk("Hi there", "MAX_TOKENS", "{\"promptTokenCount\":12,\"cachedContentTokenCount\":8,\"candidatesTokenCount\":34,\"thoughtsTokenCount\":100,"
            + "\"totalTokenCount\":146}")));
    JsonNode event = log.end(call);
    assertEquals("gemini-2.5-flash-001", event.get("gen_ai_response_model").asText());
    assertEquals(12, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(134, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals(8, event.get("gen_ai_usage_cache_read_input_tokens").asLong());
    assertEquals(100, event.get("gen_ai_usage_reasoning_output_tokens").asLong());
    assertNull(event.get("gen_ai_usage_cache_write_input_tokens"));
    assertEquals("[\"MAX_TOKENS\"]", event.get("gen_ai_response_finish_reasons").toString());
    assertEquals("Hi there", event.get("gen_ai_output_messages").asText());
  }

  @Test
  void streamedChunksCarryTheCountsSoFarAndTheLastOneStands() throws Exception {
    GenAiCall call = call(true);
    String usage = "{\"promptTokenCount\":5,\"candidatesTokenCount\":%d,\"totalTokenCount\":%d}";
    GoogleGenAiModels.readResponse(call, GenerateContentResponse.fromJson(chunk("Hel", null, String.format(usage, 2, 7))));
    GoogleGenAiModels.readResponse(call, GenerateContentResponse.fromJson(chunk("lo", "STOP", String.format(usage, 9, 14))));
    JsonNode event = log.end(call);
    assertEquals(5, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(9, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals(0, event.get("gen_ai_usage_cache_read_input_tokens").asLong(), "a count the JSON leaves out is 0");
    assertEquals(0, event.get("gen_ai_usage_reasoning_output_tokens").asLong());
    assertEquals("[\"STOP\"]", event.get("gen_ai_response_finish_reasons").toString());
    assertEquals("Hello", event.get("gen_ai_output_messages").asText());
  }

  @Test
  void zeroCountsLeftOutOfTheJsonAreZeroButNoUsageIsUnknown() throws Exception {
    GenAiCall call = call(false);
    GoogleGenAiModels.readResponse(call, GenerateContentResponse.fromJson(
        chunk("", "SAFETY", "{\"promptTokenCount\":8,\"totalTokenCount\":8}")));
    JsonNode event = log.end(call);
    assertEquals(8, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(0, event.get("gen_ai_usage_output_tokens").asLong());
    assertNull(event.get("gen_ai_output_messages"));

    GenAiCall none = call(false);
    GoogleGenAiModels.readResponse(none, GenerateContentResponse.fromJson(chunk("x", "STOP", null)));
    GoogleGenAiModels.readResponse(none, GenerateContentResponse.fromJson(chunk("x", "STOP", "{}")));
    JsonNode noUsage = log.end(none);
    assertTrue(noUsage.get("gen_ai_usage_input_tokens").isNull(), noUsage.toString());
    assertTrue(noUsage.get("gen_ai_usage_output_tokens").isNull());
  }

  @Test
  void thePromptIsTheSystemInstructionAndTheContentsText() {
    GenerateContentConfig config = GenerateContentConfig.builder()
        .systemInstruction(Content.fromParts(Part.fromText("be brief"))).build();
    List<Content> contents = List.of(Content.builder().role("user").parts(Part.fromText("tell me")).build());
    assertEquals("be brief\ntell me", GoogleGenAiModels.inputText(contents, config));
    assertEquals("tell me", GoogleGenAiModels.inputText(contents, null));
  }

  /** Stands for an {@code ApiClient}: the tracker only asks {@code vertexAI()}. */
  public static final class VertexClient {
    public boolean vertexAI() {
      return true;
    }
  }

  @Test
  void theProviderFollowsTheClientsMode() {
    try (Client gemini = Client.builder().apiKey("fake-key").build()) {
      assertEquals(false, gemini.vertexAI());
    }
    assertEquals("gcp.gemini", GoogleGenAiTracker.providerOf(new Object()));
    assertEquals("gcp.vertex_ai", GoogleGenAiTracker.providerOf(new VertexClient()));
    assertEquals("gcp.gemini", GoogleGenAiTracker.providerOf(null));
  }

  /** Everything the module reads of the SDK, against the SDK version it is tested with: a rename fails here, naming it. */
  @Test
  void everyTypeAndAccessorTheModuleReadsIsInTheSdk() {
    assertEquals(List.of(), GoogleGenAiModels.API.missing(getClass().getClassLoader()), "missing from google-genai");
    assertTrue(!GoogleGenAiModels.API.accessors().isEmpty());
  }

  /** The advice's two entry hooks: the call, then its prompt (capture on); the exit reads the response. */
  @Test
  void theHooksStartTheCallReadThePromptAndEndIt() throws Exception {
    GoogleGenAiTracker tracker = new GoogleGenAiTracker(log.capture(true).recorder(), log.errors());
    Object state = tracker.enter(GoogleGenAiTracker.GENERATE, new VertexClient(), "gemini-2.5-pro",
        GoogleGenAiTracker.MODELS + ".generateContent");
    assertNull(tracker.enter(GoogleGenAiTracker.PROMPT, state,
        List.of(Content.builder().role("user").parts(Part.fromText("tell me")).build()), null));
    GenerateContentResponse response = GenerateContentResponse.fromJson(chunk("Hi", "STOP", "{\"promptTokenCount\":3,\"totalTokenCount\":3}"));
    assertEquals(response, tracker.exit(GoogleGenAiTracker.GENERATE, state, null, response, null));
    JsonNode event = log.nextCall();
    assertEquals("gcp.vertex_ai", event.get("gen_ai_provider_name").asText());
    assertEquals("gemini-2.5-pro", event.get("gen_ai_request_model").asText());
    assertEquals("tell me", event.get("gen_ai_input_messages").asText());
    assertEquals("Hi", event.get("gen_ai_output_messages").asText());
    assertNull(tracker.enter(GoogleGenAiTracker.GENERATE, null, "m", GoogleGenAiTracker.MODELS + ".countTokens"));
    assertNull(tracker.enter(GoogleGenAiTracker.PROMPT, null, null, null), "no call: no prompt");
    assertNull(tracker.exit(GoogleGenAiTracker.ITERATOR, null, new Object(), null, null), "no iterator: none");
    java.util.Iterator<String> other = List.of("x").iterator();
    assertEquals(other, tracker.exit(GoogleGenAiTracker.ITERATOR, null, new Object(), other, null), "an unmeasured stream's");
    tracker.exit(GoogleGenAiTracker.CLOSE, null, new Object(), null, null);
  }

  @Test
  void methodsAreTold() {
    assertEquals(Style.BLOCKING, GoogleGenAiTracker.styleOf(GoogleGenAiTracker.MODELS + ".generateContent"));
    assertEquals(Style.STREAMING, GoogleGenAiTracker.styleOf(GoogleGenAiTracker.MODELS + ".generateContentStream"));
    assertEquals(Style.ASYNC, GoogleGenAiTracker.styleOf(GoogleGenAiTracker.ASYNC_MODELS + ".generateContent"));
    assertEquals(Style.ASYNC_STREAMING, GoogleGenAiTracker.styleOf(GoogleGenAiTracker.ASYNC_MODELS + ".generateContentStream"));
    assertNull(GoogleGenAiTracker.styleOf(GoogleGenAiTracker.MODELS + ".countTokens"));
    assertNull(GoogleGenAiTracker.styleOf("com.google.genai.Chat.sendMessage"));
    assertNull(GoogleGenAiTracker.styleOf(null));
  }
}
