package io.lantern.testapps.applogs.log4j2;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.MapMessage;

/**
 * A JDK HttpServer app logging through log4j2 with its own plain-text {@code log4j2.xml}: a sync
 * root, an {@code <AsyncLogger>} config; run with log4j's {@code AsyncLoggerContextSelector} every
 * logger is an {@code AsyncLogger}. {@code GET /work} logs known records. Prints {@code LISTENING <port>}.
 */
public final class Log4j2App {
  private static final Logger LOG = LogManager.getLogger(Log4j2App.class);
  private static final Logger ASYNC = LogManager.getLogger("io.lantern.testapps.applogs.log4j2.async.Worker");

  private Log4j2App() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("app.port", 8080)), 0);
    server.createContext("/work", exchange -> {
      ThreadContext.put("user_id", "u-42");
      try {
        LOG.debug("below the app's level {}", 1);
        LOG.info("hello {}", "world");
        LOG.warn(new MapMessage<>().with("order_id", 1234).with("paid", true));
        ASYNC.info("from the async logger {}", 3);
        LOG.error("work failed", new IllegalStateException("outer", new IllegalArgumentException("inner cause")));
      } finally {
        ThreadContext.remove("user_id");
      }
      byte[] bytes = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    LOG.info("started");
    System.out.println("LISTENING " + server.getAddress().getPort());
  }
}
