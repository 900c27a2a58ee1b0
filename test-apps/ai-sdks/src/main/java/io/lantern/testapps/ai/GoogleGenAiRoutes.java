package io.lantern.testapps.ai;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.sun.net.httpserver.HttpServer;
import java.util.Map;

/**
 * google-genai 1.x, base URL from {@code -Dai.gemini.base-url} (the fake provider's root), with an
 * API key: the Gemini Developer API, or Vertex AI (express mode) with {@code vertex=true}.
 *
 * <ul>
 *   <li>{@code /gemini/generate}: {@code client.models.generateContent}, blocking.
 *   <li>{@code /gemini/generate-async}: {@code client.async.models.generateContent}, joined.
 *   <li>{@code /gemini/generate-stream}: {@code generateContentStream}, iterated in
 *       try-with-resources; {@code take=N} reads only N chunks before closing.
 *   <li>{@code /gemini/generate-async-stream}: {@code client.async.models.generateContentStream},
 *       the stream iterated by a dependent of the future ({@code thenApply}), then joined.
 *   <li>{@code /gemini/embed}: {@code client.models.embedContent} of {@code inputs=N} texts (a
 *       {@code List}; N=1: the {@code String} overload); {@code /gemini/embed-async}: {@code
 *       client.async.models.embedContent}, joined. Answers {@code |<embeddings>}.
 * </ul>
 */
final class GoogleGenAiRoutes {
  private final Client gemini;
  private final Client vertex;

  private GoogleGenAiRoutes(String baseUrl) {
    HttpOptions http = HttpOptions.builder().baseUrl(baseUrl).retryOptions(HttpRetryOptions.builder().attempts(1).build()).build();
    this.gemini = Client.builder().apiKey("fake-gemini-key").httpOptions(http).build();
    this.vertex = Client.builder().vertexAI(true).apiKey("fake-vertex-key").httpOptions(http).build();
  }

  static void register(HttpServer server) {
    String baseUrl = System.getProperty("ai.gemini.base-url");
    if (baseUrl == null) {
      return;
    }
    GoogleGenAiRoutes routes = new GoogleGenAiRoutes(baseUrl);
    server.createContext("/gemini/generate", AiSdksApp.handler(routes::generate));
    server.createContext("/gemini/generate-async", AiSdksApp.handler(routes::generateAsync));
    server.createContext("/gemini/generate-stream", AiSdksApp.handler(routes::generateStream));
    server.createContext("/gemini/embed", AiSdksApp.handler(q -> embedded(texts(q).size() == 1
        ? routes.client(q).models.embedContent(model(q), texts(q).get(0), null)
        : routes.client(q).models.embedContent(model(q), texts(q), null))));
    server.createContext("/gemini/embed-async",
        AiSdksApp.handler(q -> embedded(routes.client(q).async.models.embedContent(model(q), texts(q), null).join())));
    server.createContext("/gemini/generate-async-stream", AiSdksApp.handler(routes::generateAsyncStream));
  }

  private Client client(Map<String, String> q) {
    return "true".equals(q.get("vertex")) ? vertex : gemini;
  }

  private static String model(Map<String, String> q) {
    return q.getOrDefault("model", "gemini-2.5-flash");
  }

  private static String prompt(Map<String, String> q) {
    return q.getOrDefault("prompt", "Say hello");
  }

  private static java.util.List<String> texts(Map<String, String> q) {
    java.util.List<String> texts = new java.util.ArrayList<>();
    for (int i = 0; i < Integer.parseInt(q.getOrDefault("inputs", "1")); i++) {
      texts.add(prompt(q) + " " + i);
    }
    return texts;
  }

  private static String embedded(com.google.genai.types.EmbedContentResponse response) {
    return "|" + response.embeddings().map(java.util.List::size).orElse(0);
  }

  private static GenerateContentConfig config() {
    return GenerateContentConfig.builder().systemInstruction(Content.fromParts(Part.fromText("You are a test."))).build();
  }

  private static String text(GenerateContentResponse response) {
    return response.modelVersion().orElse("") + "|" + response.text();
  }

  private String generate(Map<String, String> q) {
    return text(client(q).models.generateContent(model(q), prompt(q), config()));
  }

  private String generateAsync(Map<String, String> q) {
    return text(client(q).async.models.generateContent(model(q), prompt(q), config()).join());
  }

  /** Reads up to {@code take} chunks, then closes the stream. */
  private static String read(ResponseStream<GenerateContentResponse> stream, long take) {
    StringBuilder text = new StringBuilder();
    String model = "";
    try (stream) {
      long read = 0;
      for (GenerateContentResponse chunk : stream) {
        model = chunk.modelVersion().orElse(model);
        text.append(chunk.text());
        if (++read >= take) {
          break;
        }
      }
    }
    return model + "|" + text;
  }

  private static long take(Map<String, String> q) {
    return Long.parseLong(q.getOrDefault("take", String.valueOf(Long.MAX_VALUE)));
  }

  private String generateStream(Map<String, String> q) {
    return read(client(q).models.generateContentStream(model(q), prompt(q), config()), take(q));
  }

  private String generateAsyncStream(Map<String, String> q) {
    long take = take(q);
    return client(q).async.models.generateContentStream(model(q), prompt(q), config())
        .thenApply(stream -> read(stream, take))
        .join();
  }
}
