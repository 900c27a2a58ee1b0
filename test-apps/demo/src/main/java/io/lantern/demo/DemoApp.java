package io.lantern.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small service with no knowledge of Lantern: routes with ids, a slow one, a failing one, an H2
 * database behind a HikariCP pool (including an endpoint with the classic N+1 query pattern), and
 * questions to a language model through the OpenAI Java SDK.
 * The agent is what makes it observable.
 */
public final class DemoApp {
  private static final int USERS = 50;
  private static HikariDataSource database;
  private static DemoAssistant assistant;

  private DemoApp() {}

  public static void main(String[] args) throws Exception {
    database = openDatabase();
    assistant = new DemoAssistant();
    int port = Integer.getInteger("app.port", 8080);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/hello", exchange -> respond(exchange, 200, com.example.demo.DemoOperations.greet()));
    server.createContext("/users/", DemoApp::user);
    server.createContext("/orders", DemoApp::orders);
    server.createContext("/slow", exchange -> {
      sleep(ThreadLocalRandom.current().nextInt(50, 300));
      respond(exchange, 200, "slow\n");
    });
    server.createContext("/ask", DemoApp::ask);
    server.createContext("/error", exchange -> com.example.demo.DemoOperations.fail());
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
  }

  /** {@code /users/{id}}: one SELECT by primary key. */
  private static void user(HttpExchange exchange) throws IOException {
    String id = exchange.getRequestURI().getPath().substring("/users/".length());
    if (id.isEmpty()) {
      respond(exchange, 404, "no user id\n");
      return;
    }
    try (Connection connection = database.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT name FROM users WHERE id = ?")) {
      query.setInt(1, Math.floorMod(id.hashCode(), USERS));
      try (ResultSet rows = query.executeQuery()) {
        respond(exchange, 200, "user " + id + (rows.next() ? " " + rows.getString(1) : "") + "\n");
      }
    } catch (SQLException e) {
      respond(exchange, 500, e.getMessage() + "\n");
    }
  }

  /** {@code /orders}: the N+1 pattern, one SELECT for the orders and one more per order. */
  private static void orders(HttpExchange exchange) throws IOException {
    StringBuilder body = new StringBuilder();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet orders = statement.executeQuery("SELECT id, user_id FROM orders ORDER BY id LIMIT 12")) {
      List<int[]> rows = new ArrayList<>();
      while (orders.next()) {
        rows.add(new int[] {orders.getInt(1), orders.getInt(2)});
      }
      for (int[] order : rows) {
        try (PreparedStatement owner = connection.prepareStatement("SELECT name FROM users WHERE id = ?")) {
          owner.setInt(1, order[1]);
          try (ResultSet name = owner.executeQuery()) {
            body.append("order ").append(order[0]).append(' ').append(name.next() ? name.getString(1) : "?").append('\n');
          }
        }
      }
      respond(exchange, 200, body.toString());
    } catch (SQLException e) {
      respond(exchange, 500, e.getMessage() + "\n");
    }
  }

  /**
   * {@code /ask} (a blocking chat completion), {@code /ask/stream} (streamed) and {@code
   * /ask/limited} (the provider answers 429: the SDK's exception fails the request).
   */
  private static void ask(HttpExchange exchange) throws IOException {
    String question = "Which of our users placed the most orders?";
    switch (exchange.getRequestURI().getPath()) {
      case "/ask":
        respond(exchange, 200, assistant.ask(question) + "\n");
        break;
      case "/ask/stream":
        respond(exchange, 200, assistant.askStreaming(question) + "\n");
        break;
      case "/ask/limited":
        respond(exchange, 200, assistant.askRateLimited(question) + "\n");
        break;
      default:
        respond(exchange, 404, "no such question\n");
    }
  }

  private static HikariDataSource openDatabase() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1");
    config.setPoolName("demo-pool");
    config.setMaximumPoolSize(4);
    HikariDataSource dataSource = new HikariDataSource(config);
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(64))");
      statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, user_id INT)");
      for (int i = 0; i < USERS; i++) {
        statement.execute("INSERT INTO users VALUES (" + i + ", 'user-" + i + "')");
        statement.execute("INSERT INTO orders VALUES (" + i + ", " + (USERS - 1 - i) + ")");
      }
    }
    return dataSource;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
