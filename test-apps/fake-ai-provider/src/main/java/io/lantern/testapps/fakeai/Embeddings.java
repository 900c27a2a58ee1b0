package io.lantern.testapps.fakeai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lantern.testapps.fakeai.FakeAiProvider.Api;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * The fake provider's embeddings endpoints, in the real APIs' wire formats; the reply's {@code
 * inputTokens} is the usage the API reports (embeddings have no output tokens):
 *
 * <ul>
 *   <li>OpenAI {@code POST <base>/embeddings}: {@code {"object":"list","data":[{"object":"embedding",
 *       "index":i,"embedding":[...]}],"model":...,"usage":{"prompt_tokens":n,"total_tokens":n}}}, one
 *       embedding per input (a string or an array of them); {@code encoding_format: base64} gives each
 *       vector as base64 of little-endian float32, as the API does.
 *   <li>Gemini {@code POST /v1beta/models/<model>:embedContent} ({@code {"embedding":{"values":[...]}}})
 *       and {@code :batchEmbedContents} ({@code {"embeddings":[{"values":[...]}, ...]}}): the Gemini
 *       Developer API reports no token usage for embeddings.
 *   <li>Vertex AI {@code POST .../models/<model>:predict}: {@code {"predictions":[{"embeddings":{"values":[...],
 *       "statistics":{"token_count":n,"truncated":false}}}]}} (the reply's tokens split over the instances).
 * </ul>
 */
final class Embeddings {
  static final int DIMENSIONS = 4;

  private Embeddings() {}

  static boolean serves(String path) {
    return apiOf(path) != null;
  }

  static Api apiOf(String path) {
    if (path.endsWith("/embeddings")) {
      return Api.OPENAI;
    }
    if (path.contains("/models/") && (path.endsWith(":embedContent") || path.endsWith(":batchEmbedContents")
        || path.endsWith(":predict"))) {
      return Api.GEMINI;
    }
    return null;
  }

  static String answer(String path, JsonNode request, Reply reply) {
    if (path.endsWith("/embeddings")) {
      return openAi(request, reply);
    }
    ObjectNode body = FakeAiProvider.JSON.createObjectNode();
    if (path.endsWith(":embedContent")) {
      body.set("embedding", values(0));
    } else if (path.endsWith(":batchEmbedContents")) {
      ArrayNode embeddings = body.putArray("embeddings");
      for (int i = 0; i < Math.max(1, request.path("requests").size()); i++) {
        embeddings.add(values(i));
      }
    } else {
      ArrayNode predictions = body.putArray("predictions");
      int instances = Math.max(1, request.path("instances").size());
      for (int i = 0; i < instances; i++) {
        ObjectNode embeddings = values(i);
        long tokens = reply.inputTokens / instances + (i == 0 ? reply.inputTokens % instances : 0);
        embeddings.putObject("statistics").put("token_count", tokens).put("truncated", false);
        predictions.addObject().set("embeddings", embeddings);
      }
    }
    return body.toString();
  }

  private static String openAi(JsonNode request, Reply reply) {
    String model = reply.model != null ? reply.model : request.path("model").asText("text-embedding-3-small");
    JsonNode input = request.path("input");
    int count = input.isArray() ? Math.max(1, input.size()) : 1;
    boolean base64 = "base64".equals(request.path("encoding_format").asText());
    ObjectNode body = FakeAiProvider.JSON.createObjectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    for (int i = 0; i < count; i++) {
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        ByteBuffer bytes = ByteBuffer.allocate(DIMENSIONS * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int d = 0; d < DIMENSIONS; d++) {
          bytes.putFloat(value(i, d));
        }
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode vector = item.putArray("embedding");
        for (int d = 0; d < DIMENSIONS; d++) {
          vector.add(value(i, d));
        }
      }
    }
    body.put("model", model);
    body.putObject("usage").put("prompt_tokens", reply.inputTokens).put("total_tokens", reply.inputTokens);
    return body.toString();
  }

  private static ObjectNode values(int index) {
    ObjectNode embedding = FakeAiProvider.JSON.createObjectNode();
    ArrayNode values = embedding.putArray("values");
    for (int d = 0; d < DIMENSIONS; d++) {
      values.add(value(index, d));
    }
    return embedding;
  }

  private static float value(int index, int dimension) {
    return (index + 1) * 0.125f + dimension * 0.0625f;
  }
}
