package io.lantern.testapps.ai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.sun.net.httpserver.HttpServer;
import java.util.Map;

/**
 * openai-java 4.x, base URL from {@code -Dai.openai.base-url} (the fake provider's {@code /v1}).
 *
 * <ul>
 *   <li>{@code /openai/chat}: chat completion, blocking.
 *   <li>{@code /openai/chat-async}: the async client's {@code CompletableFuture}, joined.
 *   <li>{@code /openai/chat-stream}: {@code createStreaming}, consumed in try-with-resources;
 *       {@code usage=true} sets {@code stream_options.include_usage}; {@code take=N} reads only N
 *       chunks before closing.
 *   <li>{@code /openai/chat-async-stream}: the async client's {@code createStreaming}, a handler
 *       subscribed, then waits for {@code onCompleteFuture()}; {@code usage=true} as above.
 *   <li>{@code /openai/chat-retry}: blocking, with a client that retries up to twice (the others never retry,
 *       unless {@code retrying=true} picks that client for the async and streaming routes).
 *   <li>{@code /openai/responses}, {@code /openai/responses-async}, {@code /openai/responses-stream},
 *       {@code /openai/responses-async-stream}: the Responses API, the same four ways.
 *   <li>{@code /openai/embeddings}, {@code /openai/embeddings-async}: {@code embeddings().create}
 *       blocking and async (joined), of {@code inputs=N} texts (default 1); answers model|vectors.
 * </ul>
 */
final class OpenAiRoutes {
  private final OpenAIClient client;
  private final OpenAIClient retrying;

  private OpenAiRoutes(String baseUrl) {
    this.client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-fake-key").maxRetries(0).build();
    this.retrying = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-fake-key").maxRetries(2).build();
  }

  static void register(HttpServer server) {
    String baseUrl = System.getProperty("ai.openai.base-url");
    if (baseUrl == null) {
      return;
    }
    OpenAiRoutes routes = new OpenAiRoutes(baseUrl);
    server.createContext("/openai/chat", AiSdksApp.handler(q -> routes.chat(routes.client, q)));
    server.createContext("/openai/chat-retry", AiSdksApp.handler(q -> routes.chat(routes.retrying, q)));
    server.createContext("/openai/chat-async", AiSdksApp.handler(routes::chatAsync));
    server.createContext("/openai/chat-stream", AiSdksApp.handler(routes::chatStream));
    server.createContext("/openai/chat-async-stream", AiSdksApp.handler(routes::chatAsyncStream));
    server.createContext("/openai/embeddings", AiSdksApp.handler(q -> embeddings(routes.client.embeddings().create(embeddingParams(q)))));
    server.createContext("/openai/embeddings-async",
        AiSdksApp.handler(q -> embeddings(routes.client.async().embeddings().create(embeddingParams(q)).join())));
    server.createContext("/openai/responses", AiSdksApp.handler(routes::responses));
    server.createContext("/openai/responses-async", AiSdksApp.handler(routes::responsesAsync));
    server.createContext("/openai/responses-stream", AiSdksApp.handler(routes::responsesStream));
    server.createContext("/openai/responses-async-stream", AiSdksApp.handler(routes::responsesAsyncStream));
  }

  private static EmbeddingCreateParams embeddingParams(Map<String, String> q) {
    EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder().model(q.getOrDefault("model", "text-embedding-3-small"));
    int inputs = Integer.parseInt(q.getOrDefault("inputs", "1"));
    String prompt = q.getOrDefault("prompt", "Embed me");
    if (inputs == 1) {
      params.input(prompt);
    } else {
      java.util.List<String> texts = new java.util.ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        texts.add(prompt + " " + i);
      }
      params.inputOfArrayOfStrings(texts);
    }
    return params.build();
  }

  private static String embeddings(CreateEmbeddingResponse response) {
    return response.model() + "|" + response.data().size();
  }

  private static ChatCompletionCreateParams.Builder chatParams(Map<String, String> q) {
    return ChatCompletionCreateParams.builder()
        .model(q.getOrDefault("model", "gpt-4o"))
        .addSystemMessage("You are a test.")
        .addUserMessage(q.getOrDefault("prompt", "Say hello"));
  }

  private static String text(ChatCompletion completion) {
    return completion.model() + "|" + completion.choices().get(0).message().content().orElse("");
  }

  private String chat(OpenAIClient with, Map<String, String> q) {
    return text(with.chat().completions().create(chatParams(q).build()));
  }

  /** The client of a route: the retrying one with {@code retrying=true}. */
  private OpenAIClient client(Map<String, String> q) {
    return "true".equals(q.get("retrying")) ? retrying : client;
  }

  private String chatAsync(Map<String, String> q) {
    return text(client(q).async().chat().completions().create(chatParams(q).build()).join());
  }

  private String chatStream(Map<String, String> q) {
    ChatCompletionCreateParams.Builder params = chatParams(q);
    if ("true".equals(q.get("usage"))) {
      params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    }
    long take = Long.parseLong(q.getOrDefault("take", String.valueOf(Long.MAX_VALUE)));
    StringBuilder text = new StringBuilder();
    String[] model = {""};
    try (StreamResponse<ChatCompletionChunk> stream = client(q).chat().completions().createStreaming(params.build())) {
      stream.stream().limit(take).forEach(chunk -> {
        model[0] = chunk.model();
        chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
      });
    }
    return model[0] + "|" + text;
  }

  private String chatAsyncStream(Map<String, String> q) {
    ChatCompletionCreateParams.Builder params = chatParams(q);
    if ("true".equals(q.get("usage"))) {
      params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    }
    StringBuilder text = new StringBuilder();
    String[] model = {""};
    AsyncStreamResponse<ChatCompletionChunk> stream = client(q).async().chat().completions().createStreaming(params.build());
    stream.subscribe(chunk -> {
      synchronized (text) {
        model[0] = chunk.model();
        chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
      }
    });
    stream.onCompleteFuture().join();
    synchronized (text) {
      return model[0] + "|" + text;
    }
  }

  private static ResponseCreateParams responseParams(Map<String, String> q) {
    return ResponseCreateParams.builder()
        .model(q.getOrDefault("model", "gpt-4.1"))
        .input(q.getOrDefault("prompt", "Say hello"))
        .build();
  }

  private static String text(Response response) {
    StringBuilder text = new StringBuilder();
    response.output().forEach(item -> item.message().ifPresent(message -> message.content()
        .forEach(content -> content.outputText().ifPresent(t -> text.append(t.text())))));
    return response.model().toString() + "|" + text;
  }

  private String responses(Map<String, String> q) {
    return text(client.responses().create(responseParams(q)));
  }

  private String responsesAsync(Map<String, String> q) {
    return text(client.async().responses().create(responseParams(q)).join());
  }

  private String responsesStream(Map<String, String> q) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(responseParams(q))) {
      stream.stream().forEach(event -> event.outputTextDelta().ifPresent(delta -> text.append(delta.delta())));
    }
    return "|" + text;
  }

  private String responsesAsyncStream(Map<String, String> q) {
    StringBuilder text = new StringBuilder();
    AsyncStreamResponse<ResponseStreamEvent> stream = client.async().responses().createStreaming(responseParams(q));
    stream.subscribe(event -> event.outputTextDelta().ifPresent(delta -> {
      synchronized (text) {
        text.append(delta.delta());
      }
    }));
    stream.onCompleteFuture().join();
    synchronized (text) {
      return "|" + text;
    }
  }
}
