package io.lantern.testapps.fakeai;

import static io.lantern.testapps.fakeai.FakeAiProviderTest.JSON;
import static io.lantern.testapps.fakeai.FakeAiProviderTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The fake provider's embeddings endpoints and tool-call replies over raw HTTP, in each API's wire format. */
class EmbeddingsAndToolCallsTest extends RawHttpTest {
  @Test
  void openAiEmbeddingsHaveOneVectorPerInputAndThePromptTokens() throws Exception {
    FakeAiProviderTest.provider.enqueue(Api.OPENAI, Reply.ok().model("text-embedding-3-small-v9").tokens(17, 0), Reply.ok().tokens(3, 0));
    JsonNode body = JSON.readTree(post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}").body());
    assertEquals("list", body.get("object").asText());
    assertEquals("text-embedding-3-small-v9", body.get("model").asText());
    assertEquals(2, body.get("data").size());
    assertEquals(1, body.at("/data/1/index").asInt());
    assertEquals(Embeddings.DIMENSIONS, body.at("/data/0/embedding").size());
    assertEquals(17, body.at("/usage/prompt_tokens").asLong());
    assertEquals(17, body.at("/usage/total_tokens").asLong());
    JsonNode base64 = JSON.readTree(post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"a\",\"encoding_format\":\"base64\"}").body());
    byte[] bytes = Base64.getDecoder().decode(base64.at("/data/0/embedding").asText());
    assertEquals(Embeddings.DIMENSIONS * 4, bytes.length);
    assertEquals(0.125f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(0));
    assertEquals(3, base64.at("/usage/prompt_tokens").asLong());
  }

  @Test
  void geminiAndVertexEmbeddingsSpeakTheirFormats() throws Exception {
    JsonNode one = JSON.readTree(post("/v1beta/models/gemini-embedding-001:embedContent", "{\"content\":{}}").body());
    assertEquals(Embeddings.DIMENSIONS, one.at("/embedding/values").size());
    JsonNode batch = JSON.readTree(post("/v1beta/models/gemini-embedding-001:batchEmbedContents",
        "{\"requests\":[{},{},{}]}").body());
    assertEquals(3, batch.get("embeddings").size());
    FakeAiProviderTest.provider.enqueue(Api.GEMINI, Reply.ok().tokens(9, 0));
    JsonNode vertex = JSON.readTree(post("/v1beta1/publishers/google/models/text-embedding-005:predict",
        "{\"instances\":[{},{}]}").body());
    assertEquals(5, vertex.at("/predictions/0/embeddings/statistics/token_count").asLong());
    assertEquals(4, vertex.at("/predictions/1/embeddings/statistics/token_count").asLong());
    assertEquals(Api.GEMINI, FakeAiProviderTest.provider.requests().get(2).api());
  }

  @Test
  void toolCallRepliesAskForTheScriptedTools() throws Exception {
    FakeAiProviderTest.provider.enqueue(Api.OPENAI, Reply.ok().toolCall("weather", "{\"city\":\"Oslo\"}").toolCall("time", "{}"));
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");
    JsonNode body = JSON.readTree(response.body());
    assertEquals("tool_calls", body.at("/choices/0/finish_reason").asText());
    assertTrue(body.at("/choices/0/message/content").isNull());
    assertEquals(2, body.at("/choices/0/message/tool_calls").size());
    assertEquals("call_1", body.at("/choices/0/message/tool_calls/0/id").asText());
    assertEquals("function", body.at("/choices/0/message/tool_calls/0/type").asText());
    assertEquals("weather", body.at("/choices/0/message/tool_calls/0/function/name").asText());
    assertEquals("{\"city\":\"Oslo\"}", body.at("/choices/0/message/tool_calls/0/function/arguments").asText());

    FakeAiProviderTest.provider.enqueue(Api.GEMINI, Reply.ok().toolCall("weather", "{\"city\":\"Oslo\"}"));
    JsonNode gemini = JSON.readTree(post("/v1beta/models/gemini-2.5-flash:generateContent", "{\"contents\":[]}").body());
    assertEquals("weather", gemini.at("/candidates/0/content/parts/0/functionCall/name").asText());
    assertEquals("Oslo", gemini.at("/candidates/0/content/parts/0/functionCall/args/city").asText());
    assertEquals(1, gemini.at("/candidates/0/content/parts").size());
  }

  @Test
  void responsesAndAnthropicToolCallsAreFunctionCallItemsAndToolUseBlocks() throws Exception {
    FakeAiProviderTest.provider.enqueue(Api.OPENAI, Reply.ok().toolCall("weather", "{\"city\":\"Oslo\"}").toolCall("time", "{}"));
    JsonNode responses = JSON.readTree(post("/v1/responses", "{\"model\":\"gpt-4o\",\"input\":\"hi\"}").body());
    assertEquals(2, responses.at("/output").size(), "the function calls instead of the message");
    assertEquals("function_call", responses.at("/output/0/type").asText());
    assertEquals("call_1", responses.at("/output/0/call_id").asText());
    assertEquals("weather", responses.at("/output/0/name").asText());
    assertEquals("{\"city\":\"Oslo\"}", responses.at("/output/0/arguments").asText());
    assertEquals("time", responses.at("/output/1/name").asText());

    FakeAiProviderTest.provider.enqueue(Api.ANTHROPIC, Reply.ok().toolCall("weather", "{\"city\":\"Oslo\"}"));
    JsonNode message = JSON.readTree(post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[]}").body());
    assertEquals("tool_use", message.at("/stop_reason").asText());
    assertEquals(2, message.at("/content").size(), "the text, then the tool_use block");
    assertEquals("tool_use", message.at("/content/1/type").asText());
    assertEquals("toolu_1", message.at("/content/1/id").asText());
    assertEquals("weather", message.at("/content/1/name").asText());
    assertEquals("Oslo", message.at("/content/1/input/city").asText());
  }
}
