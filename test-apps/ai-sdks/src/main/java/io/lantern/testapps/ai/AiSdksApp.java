package io.lantern.testapps.ai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * A JDK HttpServer app calling language models through the real client SDKs, each pointed at the
 * fake provider by a system property, one endpoint per library and call style (see the route
 * classes, e.g. {@link OpenAiRoutes}). An endpoint answers 200 with {@code <response model>|<text>},
 * or 500 with the class name of the exception the SDK threw (unwrapped from async wrappers), so
 * an IT can compare it with {@code error_type}.
 *
 * <p>With {@code -Dapp.soak.tables} it also serves {@code bench/soak}'s non-AI load ({@link SoakRoutes}).
 *
 * <p>Query parameters common to the endpoints: {@code model}, {@code prompt}. Prints {@code
 * LISTENING <port>} once serving.
 */
public final class AiSdksApp {
  private AiSdksApp() {}

  /** One endpoint: the query parameters in, the answer text out. */
  interface Endpoint {
    String call(Map<String, String> query) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(Integer.getInteger("app.port", 8080)), 128);
    OpenAiRoutes.register(server);
    LangChain4jRoutes.register(server);
    LangChain4jToolRoutes.register(server);
    AnthropicRoutes.register(server);
    GoogleGenAiRoutes.register(server);
    SoakRoutes.register(server);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
  }

  static HttpHandler handler(Endpoint endpoint) {
    return exchange -> {
      int status = 200;
      String body;
      try {
        body = endpoint.call(query(exchange));
      } catch (Exception | Error e) {
        status = 500;
        body = unwrap(e).getClass().getName();
      }
      send(exchange, status, body);
    };
  }

  /** The exception an SDK threw, out of the async wrappers the app's own join/get added. */
  static Throwable unwrap(Throwable thrown) {
    Throwable t = thrown;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(key, value);
      }
    }
    return query;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
