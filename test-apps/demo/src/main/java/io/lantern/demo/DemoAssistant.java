package io.lantern.demo;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.lantern.testapps.fakeai.FakeAiProvider;
import io.lantern.testapps.fakeai.Reply;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's AI features, through the real OpenAI Java SDK. So that the demo needs no API key and
 * costs nothing, the "provider" is a fake one on loopback in this process, speaking OpenAI's wire
 * protocol; each question scripts how it answers (model, token counts, pace), as a real model
 * would vary. The agent sees only SDK calls and HTTP traffic, as in production.
 */
final class DemoAssistant {
  static final String MODEL = "gpt-4o-mini";

  private final FakeAiProvider provider;
  private final OpenAIClient client;

  DemoAssistant() throws IOException {
    provider = FakeAiProvider.start();
    client = OpenAIOkHttpClient.builder().baseUrl(provider.openAiBaseUrl()).apiKey("sk-demo-not-a-key").maxRetries(0).build();
  }

  /**
   * The rate-limit headers a provider sends with each answer: a limit of 500 requests and 200,000
   * tokens a minute, with between half and nearly all of it left, so the headroom panel has data
   * (the 429 of {@link #askRateLimited} carries none, and the alert stays quiet).
   */
  private static Reply withRateLimits(Reply reply) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return reply.header("x-ratelimit-limit-requests", "500")
        .header("x-ratelimit-remaining-requests", String.valueOf(random.nextInt(250, 500)))
        .header("x-ratelimit-limit-tokens", "200000")
        .header("x-ratelimit-remaining-tokens", String.valueOf(random.nextInt(100_000, 200_000)));
  }

  /** One blocking chat completion; returns the answer. */
  String ask(String question) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    provider.enqueue(FakeAiProvider.Api.OPENAI,
        withRateLimits(Reply.ok().tokens(random.nextInt(20, 400), random.nextInt(50, 800)).firstChunkDelayMs(random.nextInt(20, 200))));
    ChatCompletion completion = client.chat().completions().create(params(question).build());
    return completion.choices().get(0).message().content().orElse("");
  }

  /** One streamed chat completion (with the usage chunk); returns the concatenated answer. */
  String askStreaming(String question) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    provider.enqueue(FakeAiProvider.Api.OPENAI, withRateLimits(Reply.ok().tokens(random.nextInt(20, 400), random.nextInt(50, 800))
        .chunks(random.nextInt(3, 12)).firstChunkDelayMs(random.nextInt(50, 300)).chunkDelayMs(10)));
    ChatCompletionCreateParams params =
        params(question).streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    StringBuilder answer = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(answer::append)));
    }
    return answer.toString();
  }

  /** A call the provider refuses with 429 (rate limited): the SDK throws, as it would in production. */
  String askRateLimited(String question) {
    provider.enqueue(FakeAiProvider.Api.OPENAI, Reply.rateLimited(2));
    return client.chat().completions().create(params(question).build()).id();
  }

  private static ChatCompletionCreateParams.Builder params(String question) {
    return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(question);
  }
}
