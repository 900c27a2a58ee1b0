package io.lantern.testapps.applogs;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A JDK HttpServer app logging through SLF4J 2 and logback with its own plain-text
 * {@code logback.xml}. {@code GET /work} logs known records inside the request; {@code GET /many?n=N}
 * logs N INFO lines. Prints {@code LISTENING <port>}.
 */
public final class LogbackApp {
  private static final Logger LOG = LoggerFactory.getLogger(LogbackApp.class);
  private static final Logger QUIET = LoggerFactory.getLogger("io.lantern.testapps.applogs.quiet.Noise");

  private LogbackApp() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("app.port", 8080)), 0);
    server.createContext("/work", exchange -> {
      MDC.put("user_id", "u-42");
      try {
        LOG.debug("below the app's level {}", 1);
        QUIET.info("below the quiet logger's level");
        LOG.info("hello {}", "world");
        LOG.atWarn().addKeyValue("order_id", 1234).addKeyValue("paid", true).log("order {} is slow", 7);
        LOG.error("work failed", new IllegalStateException("outer", new IllegalArgumentException("inner cause")));
      } finally {
        MDC.remove("user_id");
      }
      respond(exchange, "ok");
    });
    server.createContext("/many", exchange -> {
      int n = Integer.parseInt(exchange.getRequestURI().getQuery().substring(2));
      for (int i = 0; i < n; i++) {
        LOG.info("line {} of a long run, padded to look like a real application line", i);
      }
      respond(exchange, "ok");
    });
    server.start();
    LOG.info("started");
    System.out.println("LISTENING " + server.getAddress().getPort());
  }

  static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
