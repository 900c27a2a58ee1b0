package io.lantern.testapps.fakeai;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One scripted answer of the {@link FakeAiProvider}: what the next request of one API gets. A
 * fluent, mutable builder; every setter returns this. What is not set takes the default of {@link
 * #ok()}: the model the request asked for, 10 input and 20 output tokens, 3 text chunks, no delay.
 *
 * <p>The same fields (by name) are the JSON of the admin endpoint {@code POST /_fake/<api>/replies}.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Reply {
  /** HTTP status; 200 answers normally, anything else is an error reply in the API's error format. */
  int status = 200;
  /** The model named in the reply; null: the model the request asked for. */
  String model;
  long inputTokens = 10;
  long outputTokens = 20;
  /**
   * Cache tokens. Anthropic: reported beside (not inside) {@code input_tokens}, as the API does.
   * OpenAI ({@code prompt_tokens_details.cached_tokens}, {@code input_tokens_details.cached_tokens})
   * and Gemini ({@code cachedContentTokenCount}, left out when 0): the read count only, a part of
   * {@link #inputTokens}, as those APIs report it.
   */
  long cacheReadTokens;
  long cacheCreationTokens;
  /**
   * Reasoning tokens. OpenAI ({@code completion_tokens_details.reasoning_tokens}, {@code
   * output_tokens_details.reasoning_tokens}): a part of {@link #outputTokens}. Gemini ({@code
   * thoughtsTokenCount}, left out when 0): beside {@code candidatesTokenCount}, as the API reports it.
   */
  long reasoningTokens;
  /**
   * Whether the reply carries token usage. Null: as the real API does (always, except an OpenAI
   * chat stream whose request did not set {@code stream_options.include_usage}).
   */
  Boolean usage;
  /** Text chunks of a streamed reply (at least 1). */
  int chunks = 3;
  /** Milliseconds the server waits, after the response headers, before the first chunk (or the JSON body). */
  long firstChunkDelayMs;
  /** Milliseconds between later chunks. */
  long chunkDelayMs;
  String text = "Hello from the fake provider.";
  /** Null: the API's normal one ({@code stop}, {@code end_turn}, {@code STOP}, {@code completed}). */
  String finishReason;
  /** An error reply's {@code retry-after} header in seconds; negative: none. */
  int retryAfterSeconds = -1;
  /** Non-streamed OpenAI chat completions and Gemini generateContent: the tools the model asks for instead of text ({@link ToolCalls}). */
  java.util.List<ToolCall> toolCalls = new java.util.ArrayList<>();

  /** One tool call the model asks for: its id, the tool's name and its arguments (a JSON object's text). */
  public record ToolCall(String id, String name, String arguments) {}

  /** Extra response headers, sent as scripted on any reply, error or not (rate-limit headers: {@code x-ratelimit-remaining-requests}, ...). */
  java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

  /** Answer 200 with a body that does not parse (cut JSON; for a stream, an event whose data is not JSON). */
  boolean malformed;

  /** Adds a tool call the reply asks for (id {@code call_<n>}, n counting from 1 in this reply). */
  public Reply toolCall(String name, String argumentsJson) {
    toolCalls.add(new ToolCall("call_" + (toolCalls.size() + 1), name, argumentsJson));
    return this;
  }

  /** A normal answer with the defaults. */
  public static Reply ok() {
    return new Reply();
  }

  /** An error reply with this status, in the API's error body format. */
  public static Reply error(int status) {
    Reply reply = new Reply();
    reply.status = status;
    return reply;
  }

  /** A 429 with {@code retry-after}. */
  public static Reply rateLimited(int retryAfterSeconds) {
    return error(429).retryAfterSeconds(retryAfterSeconds);
  }

  /** A 200 whose body the SDK cannot parse. */
  public static Reply malformedBody() {
    Reply reply = new Reply();
    reply.malformed = true;
    return reply;
  }

  public Reply model(String model) {
    this.model = model;
    return this;
  }

  public Reply tokens(long input, long output) {
    this.inputTokens = input;
    this.outputTokens = output;
    return this;
  }

  public Reply cacheTokens(long read, long creation) {
    this.cacheReadTokens = read;
    this.cacheCreationTokens = creation;
    return this;
  }

  public Reply reasoningTokens(long reasoning) {
    this.reasoningTokens = reasoning;
    return this;
  }

  /** Forces usage in (true) or out of (false) the reply. */
  public Reply usage(boolean present) {
    this.usage = present;
    return this;
  }

  public Reply chunks(int chunks) {
    this.chunks = Math.max(1, chunks);
    return this;
  }

  public Reply firstChunkDelayMs(long millis) {
    this.firstChunkDelayMs = millis;
    return this;
  }

  public Reply chunkDelayMs(long millis) {
    this.chunkDelayMs = millis;
    return this;
  }

  public Reply text(String text) {
    this.text = text;
    return this;
  }

  public Reply finishReason(String finishReason) {
    this.finishReason = finishReason;
    return this;
  }

  /** Sends this response header with the reply (a later one of the same name replaces it). */
  public Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public Reply retryAfterSeconds(int seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  public int status() {
    return status;
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  public int chunks() {
    return chunks;
  }

  /** The reply's text cut into {@link #chunks} pieces (the last takes the rest); empty pieces when the text is short. */
  String[] pieces() {
    String[] pieces = new String[chunks];
    int size = text.length() / chunks;
    for (int i = 0; i < chunks; i++) {
      int from = Math.min(text.length(), i * size);
      int to = i == chunks - 1 ? text.length() : Math.min(text.length(), from + size);
      pieces[i] = text.substring(from, to);
    }
    return pieces;
  }

  @Override
  public String toString() {
    return "Reply{status=" + status + ", model=" + model + ", tokens=" + inputTokens + "/" + outputTokens + ", chunks="
        + chunks + ", firstChunkDelayMs=" + firstChunkDelayMs + (malformed ? ", malformed" : "") + "}";
  }
}
