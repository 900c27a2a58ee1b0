package io.lantern.testapps.fakeai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The tool calls a scripted {@link Reply} asks for ({@link Reply#toolCalls}), in the real APIs'
 * wire formats: OpenAI chat completions put them in {@code choices[0].message.tool_calls} ({@code
 * {"id":"call_…","type":"function","function":{"name":…,"arguments":"{…}"}}}, {@code content}
 * null, {@code finish_reason: "tool_calls"}); Gemini puts one {@code functionCall} part ({@code
 * {"name":…,"args":{…}}}) per call in the candidate's content, with {@code finishReason: "STOP"};
 * the Responses API answers with one {@code function_call} output item per call (instead of the
 * message; a stream's {@code response.completed} has them after its message); Anthropic adds one
 * {@code tool_use} content block per call after the text, with {@code stop_reason: "tool_use"};
 * Bedrock Converse one {@code toolUse} block per call after the text, with {@code stopReason:
 * "tool_use"} (a ConverseStream: a {@code contentBlockStart} with the {@code toolUse} and a
 * {@code contentBlockDelta} with its input per call).
 * Each call's arguments are the JSON object text scripted with it.
 */
final class ToolCalls {
  private ToolCalls() {}

  /** Replaces an OpenAI chat completion choice's answer with the reply's tool calls. */
  static void openAiChat(ObjectNode choice, ObjectNode message, List<Reply.ToolCall> calls) {
    message.putNull("content");
    ArrayNode toolCalls = message.putArray("tool_calls");
    for (Reply.ToolCall call : calls) {
      ObjectNode one = toolCalls.addObject().put("id", call.id()).put("type", "function");
      one.putObject("function").put("name", call.name()).put("arguments", call.arguments());
    }
    choice.put("finish_reason", "tool_calls");
  }

  /** The parts of a Gemini candidate's content that ask for the reply's tool calls. */
  static void geminiParts(ArrayNode parts, List<Reply.ToolCall> calls) {
    for (Reply.ToolCall call : calls) {
      ObjectNode functionCall = parts.addObject().putObject("functionCall");
      functionCall.put("id", call.id()).put("name", call.name());
      functionCall.set("args", arguments(call));
    }
  }

  /** Bedrock Converse: one {@code toolUse} content block ({@code {"toolUseId","name","input":{…}}}) per call. */
  static void bedrockBlocks(ArrayNode content, List<Reply.ToolCall> calls) {
    for (Reply.ToolCall call : calls) {
      content.addObject().putObject("toolUse").put("toolUseId", call.id()).put("name", call.name()).set("input", arguments(call));
    }
  }

  /** A call's arguments as a JSON object (an empty one when the scripted text is not JSON). */
  private static com.fasterxml.jackson.databind.JsonNode arguments(Reply.ToolCall call) {
    try {
      return FakeAiProvider.JSON.readTree(call.arguments());
    } catch (java.io.IOException e) {
      return FakeAiProvider.JSON.createObjectNode();
    }
  }
  /** The Responses API's output items that ask for the reply's tool calls. */
  static void openAiResponsesItems(ArrayNode output, List<Reply.ToolCall> calls) {
    int n = 0;
    for (Reply.ToolCall call : calls) {
      output.addObject().put("type", "function_call").put("id", "fc_" + (++n)).put("call_id", call.id())
          .put("name", call.name()).put("arguments", call.arguments()).put("status", "completed");
    }
  }

  /** Anthropic's {@code tool_use} content blocks for the reply's tool calls ({@code id} {@code toolu_<n>}). */
  static void anthropicBlocks(ArrayNode content, List<Reply.ToolCall> calls) {
    int n = 0;
    for (Reply.ToolCall call : calls) {
      ObjectNode block = content.addObject().put("type", "tool_use").put("id", "toolu_" + (++n)).put("name", call.name());
      try {
        block.set("input", FakeAiProvider.JSON.readTree(call.arguments()));
      } catch (java.io.IOException e) {
        block.putObject("input");
      }
    }
  }
  /**
   * A stream's {@code tool_use} blocks after its text block (index 0): per call a {@code
   * content_block_start} with empty input, one {@code input_json_delta} of the arguments, a stop.
   */
  static void anthropicStreamBlocks(FakeAiProvider.Sse sse, List<Reply.ToolCall> calls) throws java.io.IOException {
    int index = 0;
    for (Reply.ToolCall call : calls) {
      index++;
      ObjectNode start = FakeAiProvider.JSON.createObjectNode().put("type", "content_block_start").put("index", index);
      start.putObject("content_block").put("type", "tool_use").put("id", "toolu_" + index).put("name", call.name())
          .putObject("input");
      sse.event("content_block_start", start.toString());
      ObjectNode delta = FakeAiProvider.JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
      delta.putObject("delta").put("type", "input_json_delta").put("partial_json", call.arguments());
      sse.event("content_block_delta", delta.toString());
      sse.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }
  }
}
