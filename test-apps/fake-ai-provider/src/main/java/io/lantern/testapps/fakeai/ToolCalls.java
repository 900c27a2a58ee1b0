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
 * {@code tool_use} content block per call after the text, with {@code stop_reason: "tool_use"}.
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
      try {
        functionCall.set("args", FakeAiProvider.JSON.readTree(call.arguments()));
      } catch (java.io.IOException e) {
        functionCall.putObject("args");
      }
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
}
