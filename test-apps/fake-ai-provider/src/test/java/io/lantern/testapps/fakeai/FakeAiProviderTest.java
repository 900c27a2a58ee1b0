package io.lantern.testapps.fakeai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake provider over raw HTTP: each wire format, scripted values, delays and error replies. */
class FakeAiProviderTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static FakeAiProvider provider;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    provider = FakeAiProvider.start();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @BeforeEach
  void reset() {
    provider.reset();
  }

  /** A server-sent event: its name (null when the stream has none) and data. */
  record Event(String name, String data) {
    JsonNode json() throws JsonProcessingException {
      return JSON.readTree(data);
    }
  }

  /** An SSE reply read to its end, with the milliseconds from sending to the headers and to the first event. */
  record Stream(int status, String contentType, List<Event> events, long headersMs, long firstEventMs) {}

  static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.baseUrl() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Stream stream(String path, String body) throws Exception {
    long start = System.nanoTime();
    HttpResponse<InputStream> response = HTTP.send(
        HttpRequest.newBuilder(URI.create(provider.baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    long headersMs = (System.nanoTime() - start) / 1_000_000;
    List<Event> events = new ArrayList<>();
    long firstEventMs = -1;
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String name = null;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          if (firstEventMs < 0) {
            firstEventMs = (System.nanoTime() - start) / 1_000_000;
          }
          events.add(new Event(name, line.substring(6)));
          name = null;
        }
      }
    }
    return new Stream(response.statusCode(), response.headers().firstValue("content-type").orElse(""), events, headersMs,
        firstEventMs);
  }

  @Test
  void openAiChatJsonCarriesTheScriptedModelTokensAndText() throws Exception {
    provider.enqueue(Api.OPENAI, Reply.ok().model("gpt-4o-2024-08-06").tokens(12, 34).text("Hi there").finishReason("length"));
    HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}",
        "Authorization", "Bearer sk-secret");
    assertEquals(200, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("chat.completion", body.get("object").asText());
    assertEquals("gpt-4o-2024-08-06", body.get("model").asText());
    assertEquals("Hi there", body.at("/choices/0/message/content").asText());
    assertEquals("length", body.at("/choices/0/finish_reason").asText());
    assertEquals(12, body.at("/usage/prompt_tokens").asLong());
    assertEquals(34, body.at("/usage/completion_tokens").asLong());
    assertEquals(46, body.at("/usage/total_tokens").asLong());
    FakeAiProvider.Recorded recorded = provider.requests().get(0);
    assertEquals(Api.OPENAI, recorded.api());
    assertEquals("***", recorded.headers().get("authorization"), "credentials are never kept");
    assertEquals("gpt-4o", recorded.json().get("model").asText());
  }

  @Test
  void scriptedHeadersAreSentWithTheReplyErrorsToo() throws Exception {
    provider.enqueue(Api.OPENAI, Reply.ok().header("x-ratelimit-remaining-requests", "59").header("x-ratelimit-limit-tokens", "150000"),
        Reply.rateLimited(1).header("x-ratelimit-remaining-requests", "0"));
    HttpResponse<String> ok = post("/v1/chat/completions", "{\"model\":\"gpt-4o\"}");
    assertEquals("59", ok.headers().firstValue("x-ratelimit-remaining-requests").orElse(null));
    assertEquals("150000", ok.headers().firstValue("x-ratelimit-limit-tokens").orElse(null));
    HttpResponse<String> limited = post("/v1/chat/completions", "{\"model\":\"gpt-4o\"}");
    assertEquals(429, limited.statusCode());
    assertEquals("0", limited.headers().firstValue("x-ratelimit-remaining-requests").orElse(null));
    assertEquals("1", limited.headers().firstValue("retry-after").orElse(null));
    assertTrue(post("/v1/chat/completions", "{\"model\":\"gpt-4o\"}").headers().firstValue("x-ratelimit-remaining-requests").isEmpty(),
        "only the reply that scripted it");
  }

  @Test
  void anEmptyQueueAnswersWithTheRequestedModelAndDefaultTokens() throws Exception {
    JsonNode body = JSON.readTree(post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\"}").body());
    assertEquals("gpt-4o-mini", body.get("model").asText());
    assertEquals(10, body.at("/usage/prompt_tokens").asLong());
    assertEquals(20, body.at("/usage/completion_tokens").asLong());
  }

  @Test
  void openAiChatStreamHasUsageOnlyWhenTheRequestAskedForIt() throws Exception {
    provider.enqueue(Api.OPENAI, Reply.ok().model("gpt-4o-2024-08-06").tokens(5, 7).chunks(4),
        Reply.ok().model("gpt-4o-2024-08-06").tokens(5, 7).chunks(4));
    Stream without = stream("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true}");
    assertTrue(without.contentType().startsWith("text/event-stream"), without.contentType());
    assertEquals("[DONE]", without.events().get(without.events().size() - 1).data());
    List<JsonNode> chunks = jsonEvents(without);
    assertEquals(5, chunks.size(), "4 text chunks and the finish chunk");
    assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
    assertEquals("stop", chunks.get(4).at("/choices/0/finish_reason").asText());
    assertTrue(chunks.stream().noneMatch(c -> c.has("usage")), "no usage without include_usage");

    Stream with = stream("/v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    List<JsonNode> withUsage = jsonEvents(with);
    assertEquals(6, withUsage.size());
    JsonNode last = withUsage.get(5);
    assertEquals(0, last.get("choices").size());
    assertEquals(5, last.at("/usage/prompt_tokens").asLong());
    assertEquals(7, last.at("/usage/completion_tokens").asLong());
    assertTrue(withUsage.get(0).get("usage").isNull(), "earlier chunks carry usage: null, as the API does");
    String text = withUsage.stream().map(c -> c.at("/choices/0/delta/content").asText("")).collect(Collectors.joining());
    assertEquals(Reply.ok().text, text);
  }

  @Test
  void theFirstChunkComesAfterTheScriptedDelayTheHeadersBefore() throws Exception {
    provider.enqueue(Api.OPENAI, Reply.ok().firstChunkDelayMs(300));
    Stream stream = stream("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true}");
    assertTrue(stream.firstEventMs() >= 300, "first event after " + stream.firstEventMs() + " ms");
    assertTrue(stream.headersMs() < stream.firstEventMs(), stream.headersMs() + " / " + stream.firstEventMs());
  }

  @Test
  void openAiResponsesJsonAndEvents() throws Exception {
    provider.enqueue(Api.OPENAI, Reply.ok().model("gpt-4.1-2025-04-14").tokens(36, 87).text("Hello"),
        Reply.ok().model("gpt-4.1-2025-04-14").tokens(36, 87).chunks(2));
    JsonNode body = JSON.readTree(post("/v1/responses", "{\"model\":\"gpt-4.1\",\"input\":\"hi\"}").body());
    assertEquals("response", body.get("object").asText());
    assertEquals("completed", body.get("status").asText());
    assertEquals("gpt-4.1-2025-04-14", body.get("model").asText());
    assertEquals("Hello", body.at("/output/0/content/0/text").asText());
    assertEquals(36, body.at("/usage/input_tokens").asLong());
    assertEquals(87, body.at("/usage/output_tokens").asLong());

    Stream stream = stream("/v1/responses", "{\"model\":\"gpt-4.1\",\"input\":\"hi\",\"stream\":true}");
    List<String> names = stream.events().stream().map(Event::name).collect(Collectors.toList());
    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"), names);
    for (int i = 0; i < stream.events().size(); i++) {
      JsonNode event = stream.events().get(i).json();
      assertEquals(names.get(i), event.get("type").asText());
      assertEquals(i, event.get("sequence_number").asInt());
    }
    JsonNode completed = stream.events().get(9).json().get("response");
    assertEquals(87, completed.at("/usage/output_tokens").asLong());
    assertTrue(stream.events().get(0).json().at("/response/usage").isNull());
  }

  @Test
  void anthropicMessageJsonAndEventsWithCacheTokens() throws Exception {
    provider.enqueue(Api.ANTHROPIC, Reply.ok().model("claude-sonnet-4-5-20250929").tokens(25, 15).cacheTokens(100, 50),
        Reply.ok().model("claude-sonnet-4-5-20250929").tokens(25, 15).cacheTokens(100, 50).chunks(2));
    JsonNode message = JSON.readTree(post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10}").body());
    assertEquals("message", message.get("type").asText());
    assertEquals("claude-sonnet-4-5-20250929", message.get("model").asText());
    assertEquals("end_turn", message.get("stop_reason").asText());
    assertEquals(25, message.at("/usage/input_tokens").asLong());
    assertEquals(100, message.at("/usage/cache_read_input_tokens").asLong());
    assertEquals(50, message.at("/usage/cache_creation_input_tokens").asLong());
    assertEquals(15, message.at("/usage/output_tokens").asLong());

    Stream stream = stream("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"stream\":true}");
    List<String> names = stream.events().stream().map(Event::name).collect(Collectors.toList());
    assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta",
        "content_block_stop", "message_delta", "message_stop"), names);
    JsonNode start = stream.events().get(0).json();
    assertEquals(25, start.at("/message/usage/input_tokens").asLong());
    assertEquals(100, start.at("/message/usage/cache_read_input_tokens").asLong());
    assertEquals(50, start.at("/message/usage/cache_creation_input_tokens").asLong());
    JsonNode delta = stream.events().get(6).json();
    assertEquals(15, delta.at("/usage/output_tokens").asLong());
    assertEquals("end_turn", delta.at("/delta/stop_reason").asText());
  }

  @Test
  void geminiGenerateContentAndTheSseStream() throws Exception {
    provider.enqueue(Api.GEMINI, Reply.ok().tokens(12, 30), Reply.ok().model("gemini-2.5-flash-001").tokens(12, 30).chunks(3));
    JsonNode body = JSON.readTree(post("/v1beta/models/gemini-2.5-flash:generateContent", "{\"contents\":[]}").body());
    assertEquals("gemini-2.5-flash", body.get("modelVersion").asText(), "the requested model, from the path");
    assertEquals("STOP", body.at("/candidates/0/finishReason").asText());
    assertEquals(12, body.at("/usageMetadata/promptTokenCount").asLong());
    assertEquals(30, body.at("/usageMetadata/candidatesTokenCount").asLong());

    Stream stream = stream("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "{\"contents\":[]}");
    List<JsonNode> chunks = jsonEvents(stream);
    assertEquals(3, chunks.size());
    JsonNode last = chunks.get(2);
    assertEquals("gemini-2.5-flash-001", last.get("modelVersion").asText());
    assertEquals(30, last.at("/usageMetadata/candidatesTokenCount").asLong(), "the last chunk has the totals");
    assertEquals(12, last.at("/usageMetadata/promptTokenCount").asLong());
    assertEquals("STOP", last.at("/candidates/0/finishReason").asText());
    assertFalse(chunks.get(0).at("/candidates/0").has("finishReason"));
    assertEquals("/v1beta/models/gemini-2.5-flash:streamGenerateContent", provider.requests().get(1).path());
    assertEquals("alt=sse", provider.requests().get(1).query());
  }

  @Test
  void errorRepliesUseEachApisBodyAndRetryAfter() throws Exception {
    provider.enqueue(Api.OPENAI, Reply.rateLimited(2), Reply.error(500));
    provider.enqueue(Api.ANTHROPIC, Reply.rateLimited(1));
    provider.enqueue(Api.GEMINI, Reply.error(429));
    HttpResponse<String> limited = post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true}");
    assertEquals(429, limited.statusCode());
    assertEquals("2", limited.headers().firstValue("retry-after").orElse(null));
    assertEquals("rate_limit_exceeded", JSON.readTree(limited.body()).at("/error/code").asText());
    HttpResponse<String> failed = post("/v1/chat/completions", "{\"model\":\"gpt-4o\"}");
    assertEquals(500, failed.statusCode());
    assertFalse(failed.headers().firstValue("retry-after").isPresent());
    assertEquals("server_error", JSON.readTree(failed.body()).at("/error/type").asText());
    HttpResponse<String> anthropic = post("/v1/messages", "{\"model\":\"claude\"}");
    assertEquals(429, anthropic.statusCode());
    assertEquals("rate_limit_error", JSON.readTree(anthropic.body()).at("/error/type").asText());
    HttpResponse<String> gemini = post("/v1beta/models/gemini-2.5-flash:generateContent", "{}");
    assertEquals(429, gemini.statusCode());
    assertEquals("RESOURCE_EXHAUSTED", JSON.readTree(gemini.body()).at("/error/status").asText());
  }

  @Test
  void malformedRepliesDoNotParse() throws Exception {
    provider.enqueue(Api.OPENAI, Reply.malformedBody(), Reply.malformedBody());
    HttpResponse<String> json = post("/v1/chat/completions", "{\"model\":\"gpt-4o\"}");
    assertEquals(200, json.statusCode());
    assertThrows(JsonProcessingException.class, () -> JSON.readTree(json.body()));
    Stream stream = stream("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true}");
    assertEquals(1, stream.events().size());
    assertThrows(JsonProcessingException.class, () -> stream.events().get(0).json());
  }

  @Test
  void theAdminEndpointQueuesRepliesAndListsRequests() throws Exception {
    HttpResponse<String> queued = post("/_fake/anthropic/replies",
        "[{\"model\":\"claude-x\",\"inputTokens\":3,\"outputTokens\":4},{\"status\":500}]");
    assertEquals("{\"queued\":2}", queued.body());
    assertEquals(2, provider.pending(Api.ANTHROPIC));
    JsonNode message = JSON.readTree(post("/v1/messages", "{\"model\":\"claude\"}", "x-api-key", "sk-ant-secret").body());
    assertEquals("claude-x", message.get("model").asText());
    assertEquals(3, message.at("/usage/input_tokens").asLong());
    assertEquals(500, post("/v1/messages", "{\"model\":\"claude\"}").statusCode());
    HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/_fake/requests")).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode requests = JSON.readTree(listed.body());
    assertEquals(2, requests.size());
    assertEquals("***", requests.get(0).at("/headers/x-api-key").asText());
    assertFalse(listed.body().contains("sk-ant-secret"));
    assertEquals(404, post("/v1/unknown", "{}").statusCode());
  }

  static List<JsonNode> jsonEvents(Stream stream) throws JsonProcessingException {
    List<JsonNode> nodes = new ArrayList<>();
    for (Event event : stream.events()) {
      if (!event.data().equals("[DONE]")) {
        nodes.add(event.json());
      }
    }
    return nodes;
  }
}
