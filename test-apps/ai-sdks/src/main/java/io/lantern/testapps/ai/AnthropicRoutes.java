package io.lantern.testapps.ai;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.sun.net.httpserver.HttpServer;
import java.util.Map;

/**
 * anthropic-java 3.x, base URL from {@code -Dai.anthropic.base-url} (the fake provider's root).
 *
 * <ul>
 *   <li>{@code /anthropic/messages}: {@code messages().create}, blocking.
 *   <li>{@code /anthropic/messages-async}: the async client's {@code CompletableFuture}, joined.
 *   <li>{@code /anthropic/messages-stream}: {@code createStreaming}, consumed in try-with-resources;
 *       {@code take=N} reads only N events before closing.
 *   <li>{@code /anthropic/messages-async-stream}: the async client's {@code createStreaming}, a
 *       handler subscribed, its completion future joined.
 *   <li>{@code /anthropic/beta-messages}: {@code beta().messages().create}, blocking.
 *   <li>Any of them with {@code retrying=true}: on a client that retries up to twice (else none).
 * </ul>
 */
final class AnthropicRoutes {
  private final AnthropicClient client;
  /** Retries up to twice; the routes use it with {@code retrying=true}. */
  private final AnthropicClient retrying;

  private AnthropicRoutes(String baseUrl) {
    this.client = AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-ant-fake-key").maxRetries(0).build();
    this.retrying = AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-ant-fake-key").maxRetries(2).build();
  }

  private AnthropicClient client(Map<String, String> q) {
    return "true".equals(q.get("retrying")) ? retrying : client;
  }

  static void register(HttpServer server) {
    String baseUrl = System.getProperty("ai.anthropic.base-url");
    if (baseUrl == null) {
      return;
    }
    AnthropicRoutes routes = new AnthropicRoutes(baseUrl);
    server.createContext("/anthropic/messages", AiSdksApp.handler(routes::messages));
    server.createContext("/anthropic/messages-async", AiSdksApp.handler(routes::messagesAsync));
    server.createContext("/anthropic/messages-stream", AiSdksApp.handler(routes::messagesStream));
    server.createContext("/anthropic/messages-async-stream", AiSdksApp.handler(routes::messagesAsyncStream));
    server.createContext("/anthropic/beta-messages", AiSdksApp.handler(routes::betaMessages));
  }

  private static MessageCreateParams params(Map<String, String> q) {
    return MessageCreateParams.builder()
        .model(q.getOrDefault("model", "claude-sonnet-4-5"))
        .maxTokens(256)
        .system("You are a test.")
        .addUserMessage(q.getOrDefault("prompt", "Say hello"))
        .build();
  }

  private static String text(Message message) {
    StringBuilder text = new StringBuilder();
    message.content().forEach(block -> block.text().ifPresent(t -> text.append(t.text())));
    return message.model().asString() + "|" + text;
  }

  private String messages(Map<String, String> q) {
    return text(client(q).messages().create(params(q)));
  }

  private String betaMessages(Map<String, String> q) {
    BetaMessage message = client(q).beta().messages().create(com.anthropic.models.beta.messages.MessageCreateParams.builder()
        .model(q.getOrDefault("model", "claude-sonnet-4-5"))
        .maxTokens(256)
        .addUserMessage(q.getOrDefault("prompt", "Say hello"))
        .build());
    StringBuilder text = new StringBuilder();
    message.content().forEach(block -> block.text().ifPresent(t -> text.append(t.text())));
    return message.model().asString() + "|" + text;
  }

  private String messagesAsync(Map<String, String> q) {
    return text(client(q).async().messages().create(params(q)).join());
  }

  /** Appends what one stream event says to {@code out}: {@code model[0]} from message_start, text from deltas. */
  private static void read(RawMessageStreamEvent event, String[] model, StringBuilder out) {
    event.messageStart().ifPresent(start -> model[0] = start.message().model().asString());
    event.contentBlockDelta().ifPresent(delta -> delta.delta().text().ifPresent(t -> out.append(t.text())));
  }

  private String messagesStream(Map<String, String> q) {
    long take = Long.parseLong(q.getOrDefault("take", String.valueOf(Long.MAX_VALUE)));
    StringBuilder text = new StringBuilder();
    String[] model = {""};
    try (StreamResponse<RawMessageStreamEvent> stream = client(q).messages().createStreaming(params(q))) {
      stream.stream().limit(take).forEach(event -> read(event, model, text));
    }
    return model[0] + "|" + text;
  }

  private String messagesAsyncStream(Map<String, String> q) {
    StringBuilder text = new StringBuilder();
    String[] model = {""};
    AsyncStreamResponse<RawMessageStreamEvent> stream = client(q).async().messages().createStreaming(params(q));
    stream.subscribe(event -> {
      synchronized (text) {
        read(event, model, text);
      }
    });
    stream.onCompleteFuture().join();
    synchronized (text) {
      return model[0] + "|" + text;
    }
  }
}
