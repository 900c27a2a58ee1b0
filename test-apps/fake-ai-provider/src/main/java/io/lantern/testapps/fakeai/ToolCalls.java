package io.lantern.testapps.fakeai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The tool calls a scripted {@link Reply} asks for ({@link Reply#toolCalls}), in the real APIs'
 * wire formats: OpenAI chat completions put them in {@code choices[0].message.tool_calls} ({@code
 * {"id":"call_…","type":"function","function":{"name":…,"arguments":"{…}"}}}, {@code content}
 * null, {@code finish_reason: "tool_calls"}); Gemini puts one {@code functionCall} part ({@code
 * {"name":…,"args":{…}}}) per call in the candidate's content, with {@code finishReason: "STOP"}.
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
}
