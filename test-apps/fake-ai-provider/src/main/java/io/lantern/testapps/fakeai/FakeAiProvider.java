package io.lantern.testapps.fakeai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A language-model provider on loopback that speaks the wire protocols the real SDKs expect, so
 * they can be pointed at it through their base-URL settings:
 *
 * <ul>
 *   <li>OpenAI chat completions, {@code POST <base>/chat/completions} (base URL {@code
 *       http://127.0.0.1:<port>/v1}): JSON, or SSE {@code chat.completion.chunk}s ending in {@code
 *       [DONE]} when the body has {@code "stream": true}, with a final usage chunk only when {@code
 *       stream_options.include_usage} is true (as the API does);
 *   <li>OpenAI responses, {@code POST <base>/responses}: a {@code response} object, or the SSE
 *       events {@code response.created} ... {@code response.output_text.delta} ... {@code
 *       response.completed} (usage in the completed response);
 *   <li>Anthropic messages, {@code POST /v1/messages} (base URL {@code http://127.0.0.1:<port>}):
 *       a {@code message}, or the events {@code message_start} (input usage with cache read and
 *       creation tokens), {@code content_block_start}, {@code ping}, {@code content_block_delta}
 *       ..., {@code content_block_stop}, {@code message_delta} (output usage), {@code message_stop};
 *   <li>Gemini, {@code POST /v1beta/models/<model>:generateContent} and {@code
 *       :streamGenerateContent?alt=sse} (base URL {@code http://127.0.0.1:<port>}): a {@code
 *       GenerateContentResponse} with {@code usageMetadata}, or SSE {@code data:} chunks each
 *       carrying {@code usageMetadata} with the prompt count and the candidates count so far (the
 *       last chunk has the totals);
 *   <li>Amazon Bedrock Runtime, {@code POST /model/<modelId>/converse}, {@code /converse-stream},
 *       {@code /invoke} and {@code /invoke-with-response-stream} (endpoint {@code
 *       http://127.0.0.1:<port>}): JSON and AWS event streams, see {@link Bedrock}.
 * </ul>
 *
 * Each request takes the next {@link Reply} scripted for its {@link Api} ({@link #enqueue}, or
 * {@code POST /_fake/<api>/replies} with the reply's JSON), else the default {@link Reply#ok()}.
 * Requests are recorded ({@link #requests()}; {@code GET /_fake/requests}) with credential headers
 * masked. Error replies use each API's error body and may carry {@code retry-after}.
 */
public final class FakeAiProvider implements AutoCloseable {
  /** Which queue of scripted replies a request takes from. */
  public enum Api { OPENAI, ANTHROPIC, GEMINI, BEDROCK }

  /** One request as received. */
  public record Recorded(Api api, String method, String path, String query, Map<String, String> headers, String body) {
    /** The body as JSON (an empty object when it is not JSON). */
    public JsonNode json() {
      try {
        JsonNode node = JSON.readTree(body);
        return node == null ? JSON.createObjectNode() : node;
      } catch (IOException e) {
        return JSON.createObjectNode();
      }
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SECRET_HEADERS = List.of("authorization", "x-api-key", "x-goog-api-key", "api-key", "cookie");

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<Api, ConcurrentLinkedDeque<Reply>> queues = new EnumMap<>(Api.class);
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  private FakeAiProvider(int port) throws IOException {
    for (Api api : Api.values()) {
      queues.put(api, new ConcurrentLinkedDeque<>());
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-ai-provider");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts on a free loopback port. */
  public static FakeAiProvider start() throws IOException {
    return new FakeAiProvider(0);
  }

  public static FakeAiProvider start(int port) throws IOException {
    return new FakeAiProvider(port);
  }

  /** Runs standalone until killed: {@code java -cp ... io.lantern.testapps.fakeai.FakeAiProvider [port]}. */
  public static void main(String[] args) throws Exception {
    FakeAiProvider provider = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    System.out.println("LISTENING " + provider.port());
    Thread.currentThread().join();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}; OpenAI SDKs want {@link #openAiBaseUrl()}. */
  public String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  /** The OpenAI base URL: {@code <baseUrl>/v1}. */
  public String openAiBaseUrl() {
    return baseUrl() + "/v1";
  }

  /** Scripts the next reply(ies) of one API, in order. */
  public FakeAiProvider enqueue(Api api, Reply... replies) {
    for (Reply reply : replies) {
      queues.get(api).add(reply);
    }
    return this;
  }

  /** Replies still queued for an API. */
  public int pending(Api api) {
    return queues.get(api).size();
  }

  /** Every request so far, in arrival order. */
  public List<Recorded> requests() {
    return Collections.unmodifiableList(new ArrayList<>(requests));
  }

  /** Forgets queued replies and recorded requests. */
  public void reset() {
    queues.values().forEach(ConcurrentLinkedDeque::clear);
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- dispatch

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (path.startsWith("/_fake/")) {
        admin(exchange, path, body);
        return;
      }
      Api api = apiOf(exchange.getRequestMethod(), path);
      if (api == null) {
        sendJson(exchange, 404, "{\"error\":{\"message\":\"the fake provider does not serve " + path + "\"}}", -1);
        return;
      }
      requests.add(new Recorded(api, exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
          headers(exchange), body));
      Reply reply = queues.get(api).poll();
      if (reply == null) {
        reply = Reply.ok();
      }
      JsonNode request = parse(body);
      reply.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      try {
        if (api == Api.BEDROCK) {
          Bedrock.answer(exchange, path, reply);
        } else if (reply.status != 200) {
          sleep(reply.firstChunkDelayMs);
          sendJson(exchange, reply.status, errorBody(api, reply.status), reply.retryAfterSeconds);
        } else if (Embeddings.serves(path)) {
          sleep(reply.firstChunkDelayMs);
          sendJson(exchange, 200, Embeddings.answer(path, request, reply), -1);
        } else if (path.endsWith("/chat/completions")) {
          openAiChat(exchange, request, reply);
        } else if (path.endsWith("/responses")) {
          openAiResponses(exchange, request, reply);
        } else if (api == Api.ANTHROPIC) {
          anthropic(exchange, request, reply);
        } else {
          gemini(exchange, path, reply);
        }
      } catch (IOException e) {
        // the client went away mid-stream (it closed the stream early): nothing to answer
      }
    }
  }

  static Api apiOf(String method, String path) {
    if (!"POST".equals(method)) {
      return null;
    }
    Api embeddings = Embeddings.apiOf(path);
    if (embeddings != null) {
      return embeddings;
    }
    if (Bedrock.serves(path)) {
      return Api.BEDROCK;
    }
    if (path.endsWith("/chat/completions") || path.endsWith("/responses")) {
      return Api.OPENAI;
    }
    if (path.endsWith("/messages")) {
      return Api.ANTHROPIC;
    }
    if (path.contains("/models/") && (path.endsWith(":generateContent") || path.endsWith(":streamGenerateContent"))) {
      return Api.GEMINI;
    }
    return null;
  }

  private void admin(HttpExchange exchange, String path, String body) throws IOException {
    String[] parts = path.split("/");
    if (parts.length == 4 && "replies".equals(parts[3]) && "POST".equals(exchange.getRequestMethod())) {
      Api api;
      try {
        api = Api.valueOf(parts[2].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        sendJson(exchange, 404, "{\"error\":\"unknown api " + parts[2] + "\"}", -1);
        return;
      }
      JsonNode node = parse(body);
      List<Reply> replies = new ArrayList<>();
      for (JsonNode one : node.isArray() ? node : List.of(node)) {
        replies.add(JSON.treeToValue(one, Reply.class));
      }
      enqueue(api, replies.toArray(new Reply[0]));
      sendJson(exchange, 200, "{\"queued\":" + replies.size() + "}", -1);
    } else if ("/_fake/requests".equals(path)) {
      sendJson(exchange, 200, JSON.writeValueAsString(requests()), -1);
    } else if ("/_fake/reset".equals(path)) {
      reset();
      sendJson(exchange, 200, "{}", -1);
    } else {
      sendJson(exchange, 404, "{\"error\":\"unknown admin path\"}", -1);
    }
  }

  // ---------------------------------------------------------------- OpenAI

  private void openAiChat(HttpExchange exchange, JsonNode request, Reply reply) throws IOException {
    String model = reply.model != null ? reply.model : request.path("model").asText("gpt-4o");
    String id = "chatcmpl-fake" + ids.incrementAndGet();
    long created = System.currentTimeMillis() / 1000;
    String finish = reply.finishReason != null ? reply.finishReason : "stop";
    boolean stream = request.path("stream").asBoolean(false);
    if (!stream) {
      if (reply.malformed) {
        sendMalformedJson(exchange, reply);
        return;
      }
      ObjectNode body = chatBase(id, "chat.completion", created, model);
      ObjectNode choice = body.putArray("choices").addObject();
      choice.put("index", 0);
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant").put("content", reply.text).putNull("refusal");
      message.putArray("annotations");
      choice.putNull("logprobs");
      choice.put("finish_reason", finish);
      if (!reply.toolCalls.isEmpty()) {
        ToolCalls.openAiChat(choice, message, reply.toolCalls);
      }
      if (!Boolean.FALSE.equals(reply.usage)) {
        body.set("usage", openAiChatUsage(reply));
      }
      sleep(reply.firstChunkDelayMs);
      sendJson(exchange, 200, JSON.writeValueAsString(body), -1);
      return;
    }
    boolean includeUsage = reply.usage != null ? reply.usage : request.path("stream_options").path("include_usage").asBoolean(false);
    Sse sse = Sse.open(exchange, reply);
    if (reply.malformed) {
      sse.data("{\"id\":\"" + id + "\",\"choices\":[{\"delta\":");
      return;
    }
    String[] pieces = reply.pieces();
    for (int i = 0; i < pieces.length; i++) {
      ObjectNode chunk = chatBase(id, "chat.completion.chunk", created, model);
      ObjectNode choice = chunk.putArray("choices").addObject();
      choice.put("index", 0);
      ObjectNode delta = choice.putObject("delta");
      if (i == 0) {
        delta.put("role", "assistant");
      }
      delta.put("content", pieces[i]);
      choice.putNull("logprobs").putNull("finish_reason");
      if (includeUsage) {
        chunk.putNull("usage");
      }
      sse.data(JSON.writeValueAsString(chunk));
    }
    ObjectNode last = chatBase(id, "chat.completion.chunk", created, model);
    ObjectNode choice = last.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta");
    choice.putNull("logprobs").put("finish_reason", finish);
    if (includeUsage) {
      last.putNull("usage");
    }
    sse.data(JSON.writeValueAsString(last));
    if (includeUsage) {
      ObjectNode usage = chatBase(id, "chat.completion.chunk", created, model);
      usage.putArray("choices");
      usage.set("usage", openAiChatUsage(reply));
      sse.data(JSON.writeValueAsString(usage));
    }
    sse.data("[DONE]");
  }

  private static ObjectNode chatBase(String id, String object, long created, String model) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", id).put("object", object).put("created", created).put("model", model)
        .put("service_tier", "default").put("system_fingerprint", "fp_fake");
    return node;
  }

  private static ObjectNode openAiChatUsage(Reply reply) {
    ObjectNode usage = JSON.createObjectNode();
    usage.put("prompt_tokens", reply.inputTokens).put("completion_tokens", reply.outputTokens)
        .put("total_tokens", reply.inputTokens + reply.outputTokens);
    usage.putObject("prompt_tokens_details").put("cached_tokens", reply.cacheReadTokens).put("audio_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", reply.reasoningTokens).put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    return usage;
  }

  private void openAiResponses(HttpExchange exchange, JsonNode request, Reply reply) throws IOException {
    String model = reply.model != null ? reply.model : request.path("model").asText("gpt-4o");
    String id = "resp_fake" + ids.incrementAndGet();
    String messageId = "msg_fake" + ids.incrementAndGet();
    long created = System.currentTimeMillis() / 1000;
    String status = reply.finishReason != null ? reply.finishReason : "completed";
    boolean stream = request.path("stream").asBoolean(false);
    boolean usage = !Boolean.FALSE.equals(reply.usage);
    if (!stream) {
      if (reply.malformed) {
        sendMalformedJson(exchange, reply);
        return;
      }
      ObjectNode body = response(id, created, model, status, request);
      ArrayNode output = body.putArray("output");
      if (reply.toolCalls.isEmpty()) {
        output.add(outputMessage(messageId, reply.text, "completed"));
      }
      ToolCalls.openAiResponsesItems(output, reply.toolCalls);
      if (usage) {
        body.set("usage", responsesUsage(reply));
      }
      sleep(reply.firstChunkDelayMs);
      sendJson(exchange, 200, JSON.writeValueAsString(body), -1);
      return;
    }
    Sse sse = Sse.open(exchange, reply);
    if (reply.malformed) {
      sse.event("response.created", "{\"type\":\"response.created\",\"response\":");
      return;
    }
    int seq = 0;
    ObjectNode inProgress = response(id, created, model, "in_progress", request);
    inProgress.putArray("output");
    sse.event("response.created", event("response.created", seq++).set("response", inProgress).toString());
    sse.event("response.in_progress", event("response.in_progress", seq++).set("response", inProgress).toString());
    ObjectNode item = outputMessage(messageId, "", "in_progress");
    item.putArray("content");
    sse.event("response.output_item.added",
        event("response.output_item.added", seq++).put("output_index", 0).set("item", item).toString());
    ObjectNode emptyPart = JSON.createObjectNode().put("type", "output_text").put("text", "");
    emptyPart.putArray("annotations");
    sse.event("response.content_part.added", event("response.content_part.added", seq++).put("item_id", messageId)
        .put("output_index", 0).put("content_index", 0).set("part", emptyPart).toString());
    for (String piece : reply.pieces()) {
      ObjectNode delta = event("response.output_text.delta", seq++).put("item_id", messageId).put("output_index", 0)
          .put("content_index", 0).put("delta", piece);
      delta.putArray("logprobs");
      sse.event("response.output_text.delta", delta.toString());
    }
    ObjectNode done = event("response.output_text.done", seq++).put("item_id", messageId).put("output_index", 0)
        .put("content_index", 0).put("text", reply.text);
    done.putArray("logprobs");
    sse.event("response.output_text.done", done.toString());
    ObjectNode part = JSON.createObjectNode().put("type", "output_text").put("text", reply.text);
    part.putArray("annotations");
    sse.event("response.content_part.done", event("response.content_part.done", seq++).put("item_id", messageId)
        .put("output_index", 0).put("content_index", 0).set("part", part).toString());
    sse.event("response.output_item.done", event("response.output_item.done", seq++).put("output_index", 0)
        .set("item", outputMessage(messageId, reply.text, "completed")).toString());
    ObjectNode completed = response(id, created, model, status, request);
    ToolCalls.openAiResponsesItems(completed.putArray("output").add(outputMessage(messageId, reply.text, "completed")),
        reply.toolCalls);
    if (usage) {
      completed.set("usage", responsesUsage(reply));
    }
    sse.event("response.completed", event("response.completed", seq).set("response", completed).toString());
  }

  private static ObjectNode event(String type, int sequence) {
    return JSON.createObjectNode().put("type", type).put("sequence_number", sequence);
  }

  private static ObjectNode response(String id, long created, String model, String status, JsonNode request) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", id).put("object", "response").put("created_at", created).put("status", status)
        .put("background", false).putNull("error").putNull("incomplete_details").putNull("instructions")
        .putNull("max_output_tokens").put("model", model).put("parallel_tool_calls", true)
        .putNull("previous_response_id").put("store", true).put("temperature", 1.0).put("tool_choice", "auto")
        .put("top_p", 1.0).put("truncation", "disabled").putNull("usage").putNull("user");
    node.putArray("tools");
    node.putObject("reasoning").putNull("effort").putNull("summary");
    node.putObject("text").putObject("format").put("type", "text");
    node.putObject("metadata");
    return node;
  }

  private static ObjectNode outputMessage(String id, String text, String status) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "message").put("id", id).put("status", status).put("role", "assistant");
    ObjectNode content = message.putArray("content").addObject();
    content.put("type", "output_text").put("text", text);
    content.putArray("annotations");
    return message;
  }

  private static ObjectNode responsesUsage(Reply reply) {
    ObjectNode usage = JSON.createObjectNode();
    usage.put("input_tokens", reply.inputTokens);
    usage.putObject("input_tokens_details").put("cached_tokens", reply.cacheReadTokens);
    usage.put("output_tokens", reply.outputTokens);
    usage.putObject("output_tokens_details").put("reasoning_tokens", reply.reasoningTokens);
    usage.put("total_tokens", reply.inputTokens + reply.outputTokens);
    return usage;
  }

  // ---------------------------------------------------------------- Anthropic

  private void anthropic(HttpExchange exchange, JsonNode request, Reply reply) throws IOException {
    String model = reply.model != null ? reply.model : request.path("model").asText("claude-sonnet-4-5");
    String id = "msg_fake" + ids.incrementAndGet();
    String stop = reply.finishReason != null ? reply.finishReason : "end_turn";
    boolean stream = request.path("stream").asBoolean(false);
    boolean usage = !Boolean.FALSE.equals(reply.usage);
    if (!stream) {
      if (reply.malformed) {
        sendMalformedJson(exchange, reply);
        return;
      }
      ObjectNode message = anthropicMessage(id, model);
      ArrayNode content = message.putArray("content");
      content.addObject().put("type", "text").put("text", reply.text);
      if (!reply.toolCalls.isEmpty()) {
        ToolCalls.anthropicBlocks(content, reply.toolCalls);
        stop = reply.finishReason != null ? reply.finishReason : "tool_use";
      }
      message.put("stop_reason", stop).putNull("stop_sequence");
      if (usage) {
        ObjectNode u = anthropicInputUsage(reply);
        u.put("output_tokens", reply.outputTokens);
        message.set("usage", u);
      }
      sleep(reply.firstChunkDelayMs);
      sendJson(exchange, 200, JSON.writeValueAsString(message), -1);
      return;
    }
    Sse sse = Sse.open(exchange, reply);
    if (reply.malformed) {
      sse.event("message_start", "{\"type\":\"message_start\",\"message\":{");
      return;
    }
    ObjectNode start = anthropicMessage(id, model);
    start.putArray("content");
    start.putNull("stop_reason").putNull("stop_sequence");
    if (usage) {
      ObjectNode u = anthropicInputUsage(reply);
      u.put("output_tokens", 1);
      start.set("usage", u);
    }
    sse.event("message_start", JSON.createObjectNode().put("type", "message_start").set("message", start).toString());
    ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
    blockStart.putObject("content_block").put("type", "text").put("text", "");
    sse.event("content_block_start", blockStart.toString());
    sse.event("ping", "{\"type\": \"ping\"}");
    for (String piece : reply.pieces()) {
      ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
      delta.putObject("delta").put("type", "text_delta").put("text", piece);
      sse.event("content_block_delta", delta.toString());
    }
    sse.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
    if (!reply.toolCalls.isEmpty()) {
      ToolCalls.anthropicStreamBlocks(sse, reply.toolCalls);
      stop = reply.finishReason != null ? reply.finishReason : "tool_use";
    }
    ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
    messageDelta.putObject("delta").put("stop_reason", stop).putNull("stop_sequence");
    if (usage) {
      messageDelta.putObject("usage").put("output_tokens", reply.outputTokens);
    }
    sse.event("message_delta", messageDelta.toString());
    sse.event("message_stop", "{\"type\":\"message_stop\"}");
  }

  private static ObjectNode anthropicMessage(String id, String model) {
    return JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant").put("model", model);
  }

  private static ObjectNode anthropicInputUsage(Reply reply) {
    ObjectNode usage = JSON.createObjectNode();
    usage.put("input_tokens", reply.inputTokens)
        .put("cache_creation_input_tokens", reply.cacheCreationTokens)
        .put("cache_read_input_tokens", reply.cacheReadTokens);
    usage.put("service_tier", "standard");
    return usage;
  }

  // ---------------------------------------------------------------- Gemini

  private void gemini(HttpExchange exchange, String path, Reply reply) throws IOException {
    String requested = URLDecoder.decode(path.substring(path.lastIndexOf("/models/") + 8, path.lastIndexOf(':')),
        StandardCharsets.UTF_8);
    String model = reply.model != null ? reply.model : requested;
    String responseId = "fake-" + ids.incrementAndGet();
    String finish = reply.finishReason != null ? reply.finishReason : "STOP";
    boolean usage = !Boolean.FALSE.equals(reply.usage);
    if (path.endsWith(":generateContent")) {
      if (reply.malformed) {
        sendMalformedJson(exchange, reply);
        return;
      }
      ObjectNode body = geminiChunk(reply.text, finish, model, responseId);
      if (!reply.toolCalls.isEmpty()) {
        ArrayNode parts = (ArrayNode) body.path("candidates").path(0).path("content").path("parts");
        parts.removeAll();
        ToolCalls.geminiParts(parts, reply.toolCalls);
      }
      if (usage) {
        body.set("usageMetadata", geminiUsage(reply, reply.inputTokens, reply.outputTokens));
      }
      sleep(reply.firstChunkDelayMs);
      sendJson(exchange, 200, JSON.writeValueAsString(body), -1);
      return;
    }
    Sse sse = Sse.open(exchange, reply);
    if (reply.malformed) {
      sse.data("{\"candidates\":[{\"content\":");
      return;
    }
    String[] pieces = reply.pieces();
    for (int i = 0; i < pieces.length; i++) {
      boolean last = i == pieces.length - 1;
      ObjectNode chunk = geminiChunk(pieces[i], last ? finish : null, model, responseId);
      if (usage) {
        long soFar = last ? reply.outputTokens : reply.outputTokens * (i + 1) / pieces.length;
        chunk.set("usageMetadata", geminiUsage(reply, reply.inputTokens, soFar));
      }
      sse.data(JSON.writeValueAsString(chunk));
    }
  }

  private static ObjectNode geminiChunk(String text, String finish, String model, String responseId) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode candidate = body.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    content.putArray("parts").addObject().put("text", text);
    content.put("role", "model");
    if (finish != null) {
      candidate.put("finishReason", finish);
    }
    candidate.put("index", 0);
    body.put("modelVersion", model).put("responseId", responseId);
    return body;
  }

  private static ObjectNode geminiUsage(Reply reply, long prompt, long candidates) {
    ObjectNode usage = JSON.createObjectNode();
    usage.put("promptTokenCount", prompt).put("candidatesTokenCount", candidates)
        .put("totalTokenCount", prompt + candidates + reply.reasoningTokens);
    if (reply.cacheReadTokens > 0) {
      usage.put("cachedContentTokenCount", reply.cacheReadTokens);
    }
    if (reply.reasoningTokens > 0) {
      usage.put("thoughtsTokenCount", reply.reasoningTokens);
    }
    usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", prompt);
    return usage;
  }

  // ---------------------------------------------------------------- errors and plumbing

  static String errorBody(Api api, int status) {
    String message = status == 429 ? "Rate limit reached (fake)" : "The fake provider failed with " + status;
    ObjectNode body = JSON.createObjectNode();
    switch (api) {
      case ANTHROPIC: {
        body.put("type", "error");
        String type = status == 429 ? "rate_limit_error" : status == 529 ? "overloaded_error"
            : status >= 500 ? "api_error" : status == 401 ? "authentication_error" : "invalid_request_error";
        body.putObject("error").put("type", type).put("message", message);
        body.put("request_id", "req_fake");
        break;
      }
      case GEMINI: {
        String type = status == 429 ? "RESOURCE_EXHAUSTED" : status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
        body.putObject("error").put("code", status).put("message", message).put("status", type);
        break;
      }
      default: {
        String code = status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
        ObjectNode error = body.putObject("error");
        error.put("message", message).put("type", code).putNull("param").put("code", code);
      }
    }
    return body.toString();
  }

  private static void sendMalformedJson(HttpExchange exchange, Reply reply) throws IOException {
    sleep(reply.firstChunkDelayMs);
    sendJson(exchange, 200, "{\"id\": \"broken\", \"choices\": [{\"message\": ", -1);
  }

  static void sendJson(HttpExchange exchange, int status, String json, int retryAfterSeconds) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfterSeconds >= 0) {
      exchange.getResponseHeaders().set("retry-after", String.valueOf(retryAfterSeconds));
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> {
      String key = name.toLowerCase(Locale.ROOT);
      headers.put(key, SECRET_HEADERS.contains(key) ? "***" : String.join(",", values));
    });
    return headers;
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = body.isEmpty() ? null : JSON.readTree(body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A streamed response: headers at once, the first piece after the reply's first-chunk delay,
   * later ones after its chunk delay. As server-sent events ({@link #open}) or any other content
   * type's pieces ({@link #write(byte[])}: Bedrock's event stream).
   */
  static final class Sse {
    private final OutputStream out;
    private final Reply reply;
    private boolean first = true;

    private Sse(OutputStream out, Reply reply) {
      this.out = out;
      this.reply = reply;
    }

    static Sse open(HttpExchange exchange, Reply reply) throws IOException {
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      return open(exchange, reply, "text/event-stream; charset=utf-8");
    }

    static Sse open(HttpExchange exchange, Reply reply, String contentType) throws IOException {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.flush();
      return new Sse(out, reply);
    }

    void event(String name, String data) throws IOException {
      write("event: " + name + "\ndata: " + data + "\n\n");
    }

    void data(String data) throws IOException {
      write("data: " + data + "\n\n");
    }

    private void write(String text) throws IOException {
      write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] piece) throws IOException {
      sleep(first ? reply.firstChunkDelayMs : reply.chunkDelayMs);
      first = false;
      out.write(piece);
      out.flush();
    }

    void close() throws IOException {
      out.close();
    }
  }
}
