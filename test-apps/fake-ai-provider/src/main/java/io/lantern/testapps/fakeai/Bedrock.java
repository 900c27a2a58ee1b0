package io.lantern.testapps.fakeai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * The fake provider's Amazon Bedrock Runtime endpoints (REST JSON under {@code /model/<modelId>/},
 * base URL {@code http://127.0.0.1:<port>} as the SDK's {@code endpointOverride}); the reply's
 * tokens are the usage Bedrock reports:
 *
 * <ul>
 *   <li>{@code POST /model/<id>/converse}: {@code {"output":{"message":{...}},"stopReason":...,
 *       "usage":{"inputTokens","outputTokens","totalTokens"[,"cacheReadInputTokens","cacheWriteInputTokens"]},
 *       "metrics":{"latencyMs"}}}; the cache counts (the reply's cache read and creation tokens) are
 *       beside {@code inputTokens}, as Bedrock reports them, and only sent when one is not 0;
 *   <li>{@code POST /model/<id>/converse-stream}: an AWS event stream ({@code
 *       application/vnd.amazon.eventstream}) of {@code messageStart}, one {@code contentBlockDelta}
 *       per chunk, {@code contentBlockStop}, {@code messageStop} and {@code metadata} (the usage);
 *   <li>{@code POST /model/<id>/invoke}: the model's own JSON (an Anthropic-messages-shaped body),
 *       with the counts in {@code X-Amzn-Bedrock-Input-Token-Count} / {@code -Output-Token-Count};
 *   <li>{@code POST /model/<id>/invoke-with-response-stream}: an event stream of {@code chunk}
 *       events, each {@code {"bytes":"<base64 of the model's JSON>"}}, the last one's JSON carrying
 *       {@code "amazon-bedrock-invocationMetrics":{"inputTokenCount","outputTokenCount",...}}.
 * </ul>
 *
 * An error reply carries {@code x-amzn-ErrorType}, which the SDK maps to its exception class: 429
 * {@code ThrottlingException}, 400 {@code ValidationException}, 503 {@code
 * ServiceUnavailableException}, else {@code InternalServerException}.
 */
final class Bedrock {
  private Bedrock() {}

  static boolean serves(String path) {
    return path.startsWith("/model/")
        && (path.endsWith("/converse") || path.endsWith("/converse-stream") || path.endsWith("/invoke")
            || path.endsWith("/invoke-with-response-stream"));
  }

  /** The model id of a request path (the SDK sends it URL-encoded; the path here is decoded). */
  static String modelOf(String path) {
    return path.substring("/model/".length(), path.lastIndexOf('/'));
  }

  static String errorType(int status) {
    return status == 429 ? "ThrottlingException" : status == 400 ? "ValidationException"
        : status == 503 ? "ServiceUnavailableException" : "InternalServerException";
  }

  static void error(HttpExchange exchange, Reply reply) throws IOException {
    exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType(reply.status) + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
    String message = reply.status == 429 ? "Too many requests, please wait before trying again. (fake)" : "The fake provider failed with " + reply.status;
    FakeAiProvider.sendJson(exchange, reply.status, FakeAiProvider.JSON.createObjectNode().put("message", message).toString(), reply.retryAfterSeconds);
  }

  static void answer(HttpExchange exchange, String path, Reply reply) throws IOException {
    String model = reply.model != null ? reply.model : modelOf(path);
    String stop = reply.finishReason != null ? reply.finishReason : reply.toolCalls.isEmpty() ? "end_turn" : "tool_use";
    if (reply.status != 200) {
      FakeAiProvider.sleep(reply.firstChunkDelayMs);
      error(exchange, reply);
    } else if (path.endsWith("/converse")) {
      ObjectNode body = FakeAiProvider.JSON.createObjectNode();
      ObjectNode message = body.putObject("output").putObject("message").put("role", "assistant");
      ArrayNode content = message.putArray("content");
      content.addObject().put("text", reply.text);
      ToolCalls.bedrockBlocks(content, reply.toolCalls);
      body.put("stopReason", stop);
      body.set("usage", usage(reply));
      body.putObject("metrics").put("latencyMs", 1);
      FakeAiProvider.sleep(reply.firstChunkDelayMs);
      FakeAiProvider.sendJson(exchange, 200, body.toString(), -1);
    } else if (path.endsWith("/invoke")) {
      exchange.getResponseHeaders().set("X-Amzn-Bedrock-Input-Token-Count", String.valueOf(reply.inputTokens));
      exchange.getResponseHeaders().set("X-Amzn-Bedrock-Output-Token-Count", String.valueOf(reply.outputTokens));
      exchange.getResponseHeaders().set("X-Amzn-Bedrock-Invocation-Latency", "1");
      FakeAiProvider.sleep(reply.firstChunkDelayMs);
      FakeAiProvider.sendJson(exchange, 200, invokeBody(model, reply, stop), -1);
    } else if (path.endsWith("/converse-stream")) {
      EventStream stream = EventStream.open(exchange, reply);
      stream.event("messageStart", "{\"role\":\"assistant\"}");
      for (String piece : reply.pieces()) {
        ObjectNode delta = FakeAiProvider.JSON.createObjectNode().put("contentBlockIndex", 0);
        delta.putObject("delta").put("text", piece);
        stream.event("contentBlockDelta", delta.toString());
      }
      stream.event("contentBlockStop", "{\"contentBlockIndex\":0}");
      int index = 1;
      for (Reply.ToolCall call : reply.toolCalls) {
        ObjectNode start = FakeAiProvider.JSON.createObjectNode().put("contentBlockIndex", index);
        start.putObject("start").putObject("toolUse").put("toolUseId", call.id()).put("name", call.name());
        stream.event("contentBlockStart", start.toString());
        ObjectNode input = FakeAiProvider.JSON.createObjectNode().put("contentBlockIndex", index);
        input.putObject("delta").putObject("toolUse").put("input", call.arguments());
        stream.event("contentBlockDelta", input.toString());
        stream.event("contentBlockStop", "{\"contentBlockIndex\":" + index++ + "}");
      }
      stream.event("messageStop", FakeAiProvider.JSON.createObjectNode().put("stopReason", stop).toString());
      ObjectNode metadata = FakeAiProvider.JSON.createObjectNode();
      metadata.set("usage", usage(reply));
      metadata.putObject("metrics").put("latencyMs", 1);
      stream.event("metadata", metadata.toString());
      stream.close();
    } else {
      EventStream stream = EventStream.open(exchange, reply);
      String[] pieces = reply.pieces();
      stream.chunk("{\"type\":\"message_start\",\"message\":{\"model\":\"" + model + "\",\"role\":\"assistant\"}}");
      for (String piece : pieces) {
        ObjectNode delta = FakeAiProvider.JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        delta.putObject("delta").put("type", "text_delta").put("text", piece);
        stream.chunk(delta.toString());
      }
      ObjectNode last = FakeAiProvider.JSON.createObjectNode().put("type", "message_stop");
      last.putObject("amazon-bedrock-invocationMetrics").put("inputTokenCount", reply.inputTokens)
          .put("outputTokenCount", reply.outputTokens).put("invocationLatency", 1).put("firstByteLatency", 1);
      stream.chunk(last.toString());
      stream.close();
    }
  }

  private static ObjectNode usage(Reply reply) {
    ObjectNode usage = FakeAiProvider.JSON.createObjectNode();
    usage.put("inputTokens", reply.inputTokens).put("outputTokens", reply.outputTokens)
        .put("totalTokens", reply.inputTokens + reply.outputTokens + reply.cacheReadTokens + reply.cacheCreationTokens);
    if (reply.cacheReadTokens != 0 || reply.cacheCreationTokens != 0) {
      usage.put("cacheReadInputTokens", reply.cacheReadTokens).put("cacheWriteInputTokens", reply.cacheCreationTokens);
    }
    return usage;
  }

  private static String invokeBody(String model, Reply reply, String stop) {
    ObjectNode body = FakeAiProvider.JSON.createObjectNode().put("id", "msg_fake").put("type", "message").put("role", "assistant")
        .put("model", model);
    body.putArray("content").addObject().put("type", "text").put("text", reply.text);
    body.put("stop_reason", stop);
    body.putObject("usage").put("input_tokens", reply.inputTokens).put("output_tokens", reply.outputTokens);
    return body.toString();
  }

  /**
   * An AWS event stream response: each message is the prelude (total length, headers length, their
   * CRC32), the headers ({@code :event-type}, {@code :content-type}, {@code :message-type} = {@code
   * event}, each a string), the payload and the CRC32 of all before it. The first event waits the
   * reply's first-chunk delay, later ones its chunk delay.
   */
  static final class EventStream {
    private final FakeAiProvider.Sse out;

    private EventStream(FakeAiProvider.Sse out) {
      this.out = out;
    }

    static EventStream open(HttpExchange exchange, Reply reply) throws IOException {
      exchange.getResponseHeaders().set("x-amzn-bedrock-content-type", "application/json");
      return new EventStream(FakeAiProvider.Sse.open(exchange, reply, "application/vnd.amazon.eventstream"));
    }

    /** An InvokeModelWithResponseStream {@code chunk}: the model's JSON, base64 in {@code bytes}. */
    void chunk(String modelJson) throws IOException {
      String bytes = Base64.getEncoder().encodeToString(modelJson.getBytes(StandardCharsets.UTF_8));
      event("chunk", "{\"bytes\":\"" + bytes + "\"}");
    }

    void event(String type, String json) throws IOException {
      out.write(message(type, json.getBytes(StandardCharsets.UTF_8)));
    }

    void close() throws IOException {
      out.close();
    }

    static byte[] message(String eventType, byte[] payload) {
      ByteArrayOutputStream headers = new ByteArrayOutputStream();
      header(headers, ":event-type", eventType);
      header(headers, ":content-type", "application/json");
      header(headers, ":message-type", "event");
      byte[] head = headers.toByteArray();
      int total = 12 + head.length + payload.length + 4;
      ByteBuffer message = ByteBuffer.allocate(total);
      message.putInt(total).putInt(head.length);
      message.putInt((int) crc(message.array(), 0, 8));
      message.put(head).put(payload);
      message.putInt((int) crc(message.array(), 0, total - 4));
      return message.array();
    }

    private static void header(ByteArrayOutputStream out, String name, String value) {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] v = value.getBytes(StandardCharsets.UTF_8);
      out.write(n.length);
      out.write(n, 0, n.length);
      out.write(7); // string
      out.write((v.length >> 8) & 0xff);
      out.write(v.length & 0xff);
      out.write(v, 0, v.length);
    }

    private static long crc(byte[] data, int offset, int length) {
      CRC32 crc = new CRC32();
      crc.update(data, offset, length);
      return crc.getValue();
    }
  }
}
