package io.lantern.testapps.fakeai;

import static io.lantern.testapps.fakeai.FakeAiProviderTest.HTTP;
import static io.lantern.testapps.fakeai.FakeAiProviderTest.JSON;
import static io.lantern.testapps.fakeai.FakeAiProviderTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The fake provider's Bedrock Runtime endpoints over raw HTTP: JSON, headers and the event stream framing with its CRCs. */
class BedrockTest extends RawHttpTest {
  /** One decoded event stream message: its headers and payload, both CRCs checked. */
  record Message(Map<String, String> headers, String payload) {}

  static List<Message> decode(byte[] stream) {
    List<Message> messages = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(stream);
    while (in.hasRemaining()) {
      int start = in.position();
      int total = in.getInt();
      int headersLength = in.getInt();
      assertEquals(crc(stream, start, 8), in.getInt() & 0xffffffffL, "prelude CRC");
      Map<String, String> headers = new LinkedHashMap<>();
      int headersEnd = in.position() + headersLength;
      while (in.position() < headersEnd) {
        byte[] name = new byte[in.get()];
        in.get(name);
        assertEquals(7, in.get(), "string header");
        byte[] value = new byte[in.getShort()];
        in.get(value);
        headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
      }
      byte[] payload = new byte[total - 12 - headersLength - 4];
      in.get(payload);
      assertEquals(crc(stream, start, total - 4), in.getInt() & 0xffffffffL, "message CRC");
      messages.add(new Message(headers, new String(payload, StandardCharsets.UTF_8)));
    }
    return messages;
  }

  static long crc(byte[] data, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(data, offset, length);
    return crc.getValue();
  }

  static HttpResponse<byte[]> postBytes(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(FakeAiProviderTest.provider.baseUrl() + path))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void converseAnswersJsonWithTheCacheTokensBesideTheInput() throws Exception {
    FakeAiProviderTest.provider.enqueue(Api.BEDROCK, Reply.ok().tokens(4, 143).cacheTokens(0, 1440));
    JsonNode body = JSON.readTree(post("/model/amazon.nova-lite-v1:0/converse", "{}").body());
    assertEquals("end_turn", body.get("stopReason").asText());
    assertEquals(4, body.at("/usage/inputTokens").asLong());
    assertEquals(1440, body.at("/usage/cacheWriteInputTokens").asLong());
    assertEquals(1587, body.at("/usage/totalTokens").asLong());
    assertEquals("Hello from the fake provider.", body.at("/output/message/content/0/text").asText());
    FakeAiProviderTest.provider.enqueue(Api.BEDROCK, Reply.ok().toolCall("get_weather", "{\"city\":\"Paris\"}"));
    JsonNode tool = JSON.readTree(post("/model/m/converse", "{}").body());
    assertEquals("Paris", tool.at("/output/message/content/1/toolUse/input/city").asText());
    assertEquals("call_1", tool.at("/output/message/content/1/toolUse/toolUseId").asText());
    assertEquals("tool_use", tool.get("stopReason").asText());
    assertEquals("amazon.nova-lite-v1:0", Bedrock.modelOf(FakeAiProviderTest.provider.requests().get(0).path().replace("/converse", "/x")));
  }

  @Test
  void invokeSendsTheTokenCountHeadersAndErrorsTheirType() throws Exception {
    FakeAiProviderTest.provider.enqueue(Api.BEDROCK, Reply.ok().tokens(11, 22), Reply.rateLimited(0), Reply.error(400));
    HttpResponse<String> ok = post("/model/m/invoke", "{}");
    assertEquals("11", ok.headers().firstValue("X-Amzn-Bedrock-Input-Token-Count").orElseThrow());
    assertEquals("22", ok.headers().firstValue("X-Amzn-Bedrock-Output-Token-Count").orElseThrow());
    assertEquals("m", JSON.readTree(ok.body()).get("model").asText());
    HttpResponse<String> throttled = post("/model/m/invoke", "{}");
    assertEquals(429, throttled.statusCode());
    assertTrue(throttled.headers().firstValue("x-amzn-ErrorType").orElseThrow().startsWith("ThrottlingException:"));
    assertTrue(post("/model/m/converse", "{}").headers().firstValue("x-amzn-ErrorType").orElseThrow().startsWith("ValidationException:"));
  }

  @Test
  void converseStreamIsAnEventStreamEndingInTheUsage() throws Exception {
    FakeAiProviderTest.provider.enqueue(Api.BEDROCK, Reply.ok().tokens(5, 6).chunks(2));
    HttpResponse<byte[]> response = postBytes("/model/m/converse-stream");
    FakeAiProviderTest.provider.enqueue(Api.BEDROCK, Reply.ok().chunks(1).toolCall("get_weather", "{\"city\":\"Oslo\"}"));
    List<Message> tools = decode(postBytes("/model/m/converse-stream").body());
    assertEquals(List.of("messageStart", "contentBlockDelta", "contentBlockStop", "contentBlockStart", "contentBlockDelta",
        "contentBlockStop", "messageStop", "metadata"), tools.stream().map(m -> m.headers().get(":event-type")).toList());
    assertEquals("get_weather", JSON.readTree(tools.get(3).payload()).at("/start/toolUse/name").asText());
    assertEquals("{\"city\":\"Oslo\"}", JSON.readTree(tools.get(4).payload()).at("/delta/toolUse/input").asText());
    assertEquals("tool_use", JSON.readTree(tools.get(6).payload()).get("stopReason").asText());
    assertEquals("application/vnd.amazon.eventstream", response.headers().firstValue("Content-Type").orElseThrow());
    List<Message> messages = decode(response.body());
    List<String> types = messages.stream().map(m -> m.headers().get(":event-type")).toList();
    assertEquals(List.of("messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"), types);
    assertEquals("event", messages.get(0).headers().get(":message-type"));
    JsonNode metadata = JSON.readTree(messages.get(5).payload());
    assertEquals(5, metadata.at("/usage/inputTokens").asLong());
    assertEquals(6, metadata.at("/usage/outputTokens").asLong());
  }

  @Test
  void invokeStreamChunksCarryBase64ModelJsonAndTheInvocationMetricsLast() throws Exception {
    FakeAiProviderTest.provider.enqueue(Api.BEDROCK, Reply.ok().tokens(31, 42).chunks(3));
    List<Message> messages = decode(postBytes("/model/m/invoke-with-response-stream").body());
    assertEquals(5, messages.size());
    for (Message message : messages) {
      assertEquals("chunk", message.headers().get(":event-type"));
    }
    JsonNode last = JSON.readTree(Base64.getDecoder().decode(JSON.readTree(messages.get(4).payload()).get("bytes").asText()));
    assertEquals(31, last.at("/amazon-bedrock-invocationMetrics/inputTokenCount").asLong());
    assertEquals(42, last.at("/amazon-bedrock-invocationMetrics/outputTokenCount").asLong());
  }
}
