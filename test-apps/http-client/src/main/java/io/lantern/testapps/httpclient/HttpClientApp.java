package io.lantern.testapps.httpclient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Service A and service B in one app (the ITs start it twice, with different service names).
 *
 * <p>As B:
 * <ul>
 *   <li>{@code /b/ok}: one H2 SELECT, then 200; the body echoes the {@code traceparent} and
 *       {@code tracestate} headers it received ({@code -} when absent), one per line.
 *   <li>{@code /b/fail}: the same echo with status 500.
 *   <li>{@code /b/hang}: answers only once {@code /b/release} was called (or after 30 s).
 * </ul>
 *
 * <p>As A: {@code /call/<client>?target=<url-encoded URL>} GETs the target through one client
 * ({@link Clients#NAMES}) and answers 200 with {@code status=<code>} and {@code body=<body>} lines,
 * or {@code error=<exception class name>} when the client threw (for async clients: what
 * {@code get()} failed with). {@code /version/okhttp} answers OkHttp's version.
 */
public final class HttpClientApp {
  private HttpClientApp() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    Connection db = DriverManager.getConnection("jdbc:h2:mem:b;DB_CLOSE_DELAY=-1");
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE greetings (id INT PRIMARY KEY, text VARCHAR(100))");
      s.executeUpdate("INSERT INTO greetings (id, text) VALUES (1, 'hello')");
    }
    Clients clients = new Clients();
    HttpServer server = HttpServer.create(new InetSocketAddress(Integer.getInteger("app.port", 8080)), 128);
    server.createContext("/b/ok", ex -> {
      synchronized (db) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT text FROM greetings WHERE id = 1")) {
          rs.next();
        } catch (SQLException e) {
          respond(ex, 500, e.getClass().getName());
          return;
        }
      }
      respond(ex, 200, echo(ex));
    });
    server.createContext("/b/fail", ex -> respond(ex, 500, echo(ex)));
    Semaphore hung = new Semaphore(0);
    server.createContext("/b/hang", ex -> {
      try {
        hung.tryAcquire(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(ex, 200, echo(ex));
    });
    server.createContext("/b/release", ex -> {
      hung.release();
      respond(ex, 200, "released");
    });
    server.createContext("/call/", ex -> {
      String client = ex.getRequestURI().getPath().substring("/call/".length());
      String target = query(ex).get("target");
      String answer;
      try {
        Clients.Result result = clients.get(client, target);
        answer = "status=" + result.status() + "\nbody=" + result.body().replace("\n", "|");
      } catch (IllegalArgumentException unknown) {
        respond(ex, 404, unknown.getMessage());
        return;
      } catch (Throwable t) {
        answer = "error=" + t.getClass().getName();
      }
      respond(ex, 200, answer);
    });
    server.createContext("/version/okhttp", ex -> respond(ex, 200, okhttp3.OkHttp.VERSION));
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
  }

  private static String echo(HttpExchange ex) {
    String traceparent = ex.getRequestHeaders().getFirst("traceparent");
    String tracestate = ex.getRequestHeaders().getFirst("tracestate");
    return (traceparent == null ? "-" : traceparent) + "\n" + (tracestate == null ? "-" : tracestate);
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return params;
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    ex.getRequestBody().readAllBytes();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
