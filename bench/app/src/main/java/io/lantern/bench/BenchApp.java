package io.lantern.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The micro endpoint the overhead benchmark drives: {@code GET /work} runs one prepared SELECT on
 * an in-memory H2 database (tens of microseconds of work). {@code GET /alloc} answers the bytes
 * allocated so far by all threads, so the harness can derive bytes per request.
 * With the argument {@code sink} it is instead an OTLP/HTTP sink ({@link SpanSink}) that accepts
 * every POST and counts the spans it receives per {@code service.name}.
 */
public final class BenchApp {
  private static final String URL = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";
  private static final ThreadLocal<PreparedStatement> QUERY = ThreadLocal.withInitial(BenchApp::prepare);

  private BenchApp() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.getInteger("app.port", 8080);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 256);
    if (args.length > 0 && args[0].equals("sink")) {
      SpanSink sink = new SpanSink();
      server.createContext("/", exchange -> {
        if (exchange.getRequestMethod().equals("GET")) {
          respond(exchange, 200, sink.report());
          return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        sink.receive(body, exchange.getRequestHeaders().getFirst("Content-Encoding"),
            exchange.getRequestHeaders().getFirst("Content-Type"));
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        respond(exchange, 200, ""); // an empty ExportTraceServiceResponse
      });
    } else {
      createSchema();
      server.createContext("/work", BenchApp::work);
      server.createContext("/alloc", exchange -> respond(exchange, 200, Long.toString(allocatedBytes())));
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
  }

  private static void work(HttpExchange exchange) throws IOException {
    try {
      PreparedStatement query = QUERY.get();
      query.setInt(1, ThreadLocalRandom.current().nextInt(100));
      try (ResultSet rows = query.executeQuery()) {
        respond(exchange, 200, rows.next() ? rows.getString(1) : "none");
      }
    } catch (SQLException e) {
      respond(exchange, 500, e.toString());
    }
  }

  private static void createSchema() throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(64))");
      for (int i = 0; i < 100; i++) {
        statement.execute("INSERT INTO items VALUES (" + i + ", 'item-" + i + "')");
      }
    }
  }

  private static PreparedStatement prepare() {
    try {
      return DriverManager.getConnection(URL).prepareStatement("SELECT name FROM items WHERE id = ?");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(bytes, 0);
    }
    return total;
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
