package io.lantern.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Stands in for app + agent in the harness's own tests: an app port, a metrics port and a JSON log. */
public final class FakeApp {
  public static void main(String[] args) throws Exception {
    if (Boolean.getBoolean("fake.die")) {
      System.err.println("fake app refuses to start");
      System.exit(3);
    }
    Path log = Path.of(System.getProperty("lantern.log.file"));
    HttpServer app = HttpServer.create(new InetSocketAddress(Integer.getInteger("app.port", 0)), 0);
    app.createContext("/hello", ex -> {
      String line = "{\"event\":\"http_request\",\"url_path\":\"" + ex.getRequestURI().getPath()
          + "\",\"request_id\":\"" + ex.getRequestHeaders().getFirst("X-Request-ID") + "\"}\n";
      synchronized (FakeApp.class) {
        Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      send(ex, 200, "hello");
    });
    app.createContext("/error", ex -> {
      throw new IllegalStateException("boom");
    });
    app.createContext("/garbage", ex -> {
      Files.writeString(log, "not json\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      send(ex, 200, "ok");
    });
    app.start();
    HttpServer metrics = HttpServer.create(new InetSocketAddress(Integer.getInteger("lantern.metrics.port")), 0);
    metrics.createContext("/metrics", ex -> {
      String accept = String.valueOf(ex.getRequestHeaders().getFirst("Accept"));
      if (accept.contains("openmetrics")) {
        ex.getResponseHeaders().set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        send(ex, 200, "x_bucket{le=\"+Inf\"} 1.0 # {trace_id=\"t\",span_id=\"s\"} 0.5\n# EOF\n");
      } else {
        send(ex, 200, "x_count{a=\"b\"} 1.0\n");
      }
    });
    metrics.start();
    System.out.println("some noise");
    System.out.println("LISTENING " + app.getAddress().getPort());
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }
}
