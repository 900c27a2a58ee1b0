package io.lantern.testapps.ai;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openaiofficial.OpenAiOfficialEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openaiofficial.OpenAiOfficialChatModel;
import dev.langchain4j.model.openaiofficial.OpenAiOfficialStreamingChatModel;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * LangChain4j 1.x against the fake provider ({@code -Dai.openai.base-url}), through two provider
 * modules: {@code langchain4j-open-ai} (its own HTTP client) and {@code langchain4j-open-ai-official}
 * (on openai-java, which the agent instruments too). Models never retry and default to model
 * {@value #DEFAULT_MODEL}; the {@code model} query parameter is set on the {@code ChatRequest}.
 *
 * <ul>
 *   <li>{@code /langchain4j/chat}: {@code ChatModel.chat(ChatRequest)};
 *   <li>{@code /langchain4j/chat-string}: the convenience {@code chat(String)}, default model;
 *   <li>{@code /langchain4j/stream}: {@code StreamingChatModel.chat(ChatRequest, handler)}, waits for
 *       {@code onCompleteResponse}; {@code cancel=N} cancels the stream through the {@code
 *       StreamingHandle} at the N-th partial response and answers {@code cancelled|<text so far>};
 *   <li>{@code /langchain4j/official-chat}, {@code /langchain4j/official-stream}: the same on the
 *       openai-java based module.
 *   <li>{@code /langchain4j/embed}: {@code EmbeddingModel.embed(String)} of a model named {@code
 *       model}; {@code /langchain4j/embed-all}: {@code embedAll} of {@code inputs=N} segments;
 *       {@code /langchain4j/official-embed}: {@code embed(String)} on the openai-java based module.
 * </ul>
 *
 * An error reaches the app as the model throws it or hands it to {@code onError}.
 */
final class LangChain4jRoutes {
  static final String DEFAULT_MODEL = "lc4j-default";
  private final ChatModel chat;
  private final StreamingChatModel streaming;
  private final ChatModel officialChat;
  private final StreamingChatModel officialStreaming;

  private LangChain4jRoutes(String baseUrl) {
    chat = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("sk-fake-key").modelName(DEFAULT_MODEL).maxRetries(0).build();
    streaming = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey("sk-fake-key").modelName(DEFAULT_MODEL).build();
    officialChat = OpenAiOfficialChatModel.builder().baseUrl(baseUrl).apiKey("sk-fake-key").modelName(DEFAULT_MODEL)
        .maxRetries(0).build();
    officialStreaming = OpenAiOfficialStreamingChatModel.builder().baseUrl(baseUrl).apiKey("sk-fake-key")
        .modelName(DEFAULT_MODEL).maxRetries(0).build();
  }

  private static EmbeddingModel embeddingModel(String baseUrl, String model, boolean official) {
    return official
        ? OpenAiOfficialEmbeddingModel.builder().baseUrl(baseUrl).apiKey("sk-fake-key").modelName(model).maxRetries(0).build()
        : OpenAiEmbeddingModel.builder().baseUrl(baseUrl).apiKey("sk-fake-key").modelName(model).maxRetries(0).build();
  }

  private static String embedAll(String baseUrl, Map<String, String> q) {
    java.util.List<TextSegment> segments = new java.util.ArrayList<>();
    for (int i = 0; i < Integer.parseInt(q.getOrDefault("inputs", "2")); i++) {
      segments.add(TextSegment.from(q.getOrDefault("prompt", "Embed me") + " " + i));
    }
    return "|" + embeddingModel(baseUrl, q.get("model"), false).embedAll(segments).content().size();
  }

  static void register(HttpServer server) {
    String baseUrl = System.getProperty("ai.openai.base-url");
    if (baseUrl == null) {
      return;
    }
    LangChain4jRoutes routes = new LangChain4jRoutes(baseUrl);
    server.createContext("/langchain4j/chat", AiSdksApp.handler(q -> text(routes.chat.chat(request(q)))));
    server.createContext("/langchain4j/chat-string", AiSdksApp.handler(q -> "|" + routes.chat.chat(q.getOrDefault("prompt", "Say hello"))));
    server.createContext("/langchain4j/stream", AiSdksApp.handler(q -> stream(routes.streaming, q)));
    server.createContext("/langchain4j/embed", AiSdksApp.handler(q -> "|" + embeddingModel(baseUrl, q.get("model"), false)
        .embed(q.getOrDefault("prompt", "Embed me")).content().dimension()));
    server.createContext("/langchain4j/embed-all", AiSdksApp.handler(q -> embedAll(baseUrl, q)));
    server.createContext("/langchain4j/official-embed", AiSdksApp.handler(q -> "|" + embeddingModel(baseUrl, q.get("model"), true)
        .embed(q.getOrDefault("prompt", "Embed me")).content().dimension()));
    server.createContext("/langchain4j/official-chat", AiSdksApp.handler(q -> text(routes.officialChat.chat(request(q)))));
    server.createContext("/langchain4j/official-stream", AiSdksApp.handler(q -> stream(routes.officialStreaming, q)));
  }

  private static ChatRequest request(Map<String, String> q) {
    return ChatRequest.builder()
        .messages(SystemMessage.from("You are a test."), UserMessage.from(q.getOrDefault("prompt", "Say hello")))
        .modelName(q.get("model"))
        .build();
  }

  private static String text(ChatResponse response) {
    return response.modelName() + "|" + response.aiMessage().text();
  }

  private static String stream(StreamingChatModel model, Map<String, String> q) throws Exception {
    int cancelAt = Integer.parseInt(q.getOrDefault("cancel", "0"));
    CompletableFuture<String> done = new CompletableFuture<>();
    StringBuilder text = new StringBuilder();
    model.chat(request(q), new StreamingChatResponseHandler() {
      private int partials;

      @Override
      public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        synchronized (text) {
          text.append(partial.text());
          if (++partials == cancelAt) {
            context.streamingHandle().cancel();
            done.complete("cancelled|" + text);
          }
        }
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(text(response));
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    return done.get(30, TimeUnit.SECONDS);
  }
}
