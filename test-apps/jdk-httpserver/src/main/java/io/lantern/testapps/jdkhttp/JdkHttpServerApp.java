package io.lantern.testapps.jdkhttp;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plain {@code com.sun.net.httpserver} app. Contexts (= routes): {@code /hello} (behind a
 * pass-through {@link Filter}), {@code /users/}, {@code /error} (throws), {@code /status/}.
 *
 * <p>{@code -Dapp.port} (0 = ephemeral), {@code -Dapp.virtual-threads=true} for a
 * virtual-thread-per-task executor (Java 21+, looked up reflectively), else a fixed pool.
 * {@code -Dapp.vt.gate=<n>} adds {@code /vt/} ({@link VirtualThreadLoad}, whose requests wait until
 * n are in flight); {@code -Dapp.backlog} the listen backlog (128).
 * Prints {@code LISTENING <port>} once serving.
 */
public final class JdkHttpServerApp {
  private JdkHttpServerApp() {}

  public static void main(String[] args) throws Exception {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed
    // ACK: ~40 ms per keep-alive request. Must be set before the server classes load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    int port = Integer.getInteger("app.port", 8080);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), Integer.getInteger("app.backlog", 128));

    server.createContext("/hello", ex -> send(ex, 200, "hello"))
        .getFilters().add(new PassThroughFilter());
    server.createContext("/users/", ex -> send(ex, 200, "user " + rest(ex, "/users/")));
    server.createContext("/error", ex -> {
      throw new IllegalStateException("boom");
    });
    server.createContext("/status/", ex -> {
      int code;
      try {
        code = Integer.parseInt(rest(ex, "/status/"));
      } catch (NumberFormatException e) {
        send(ex, 400, "bad status code");
        return;
      }
      send(ex, code, "status " + code);
    });

    Integer gate = Integer.getInteger("app.vt.gate");
    if (gate != null) {
      server.createContext("/vt/", new VirtualThreadLoad(gate, server.getAddress().getPort()));
    }

    String executorKind;
    ExecutorService executor;
    if (Boolean.getBoolean("app.virtual-threads")) {
      executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
      executorKind = "virtual";
    } else {
      executor = Executors.newFixedThreadPool(16);
      executorKind = "fixed";
    }
    server.setExecutor(executor);
    server.start();
    System.out.println("EXECUTOR " + executorKind);
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  private static String rest(HttpExchange ex, String prefix) {
    String path = ex.getRequestURI().getPath();
    return path.length() > prefix.length() ? path.substring(prefix.length()) : "";
  }

  static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (status == 204 || status == 304 || status < 200) {
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  /** Passes every exchange on; it exists so /hello crosses a filter chain. */
  static final class PassThroughFilter extends Filter {
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      exchange.getResponseHeaders().add("X-Filter", "pass");
      chain.doFilter(exchange);
    }

    @Override
    public String description() {
      return "pass-through";
    }
  }
}
