package io.lantern.testapps.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * A JDK HttpServer app whose endpoints run known statements, for the JDBC ITs.
 *
 * <ul>
 *   <li>{@code /users/<id>}: one SELECT on {@code users} through a plain {@code Statement} with the
 *       secret inlined as a string literal.
 *   <li>{@code /orders}: N+1 — one prepared SELECT on {@code orders}, then 12 prepared SELECTs of
 *       the same shape on {@code items}.
 *   <li>{@code /batch}: {@code executeBatch} of 5 {@code INSERT INTO audit} with secret literals.
 *   <li>{@code /fail}: a SELECT on a missing table; the SQLException's class name is the 500 body.
 * </ul>
 *
 * <p>{@code -Dapp.db=h2|postgres|mariadb}, {@code -Dapp.pool=none|hikari}, {@code -Dapp.secret}
 * (the literal the ITs look for), {@code -Dapp.url-password=true} puts the password into the JDBC
 * URL instead of passing it separately. Prints {@code LISTENING <port>} once serving.
 */
public final class JdbcApp {
  static final int ORDER_ITEMS = 12;
  static final int BATCH_SIZE = 5;

  private final ConnectionSource db;
  private final String secret;

  private JdbcApp(ConnectionSource db, String secret) {
    this.db = db;
    this.secret = secret;
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    String secret = System.getProperty("app.secret", "s3cr3t-default");
    Databases.Database database = Databases.start(System.getProperty("app.db", "h2"));
    String pool = System.getProperty("app.pool", "none");
    ConnectionSource source;
    if ("hikari".equals(pool)) {
      DataSource hikari = Databases.hikari(database);
      source = hikari::getConnection;
    } else {
      source = () -> DriverManager.getConnection(database.url(), database.user(), database.password());
    }
    JdbcApp app = new JdbcApp(source, secret);
    app.createSchema();

    HttpServer server = HttpServer.create(new InetSocketAddress(Integer.getInteger("app.port", 8080)), 128);
    server.createContext("/users/", app.handler(app::user));
    server.createContext("/orders", app.handler(ex -> app.orders()));
    server.createContext("/batch", app.handler(ex -> app.batch()));
    server.createContext("/fail", app.handler(ex -> app.fail()));
    server.createContext("/driver-loaders", app.handler(ex -> DriverLoaders.cycle(
        Integer.parseInt(ex.getRequestURI().getQuery().substring("cycles=".length())))));
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(database::close));
    System.out.println("DB " + database.system() + " POOL " + pool);
    System.out.println("LISTENING " + server.getAddress().getPort());
  }

  interface ConnectionSource {
    Connection get() throws SQLException;
  }

  interface Endpoint {
    Object run(HttpExchange exchange) throws Exception;
  }

  private HttpHandler handler(Endpoint endpoint) {
    return ex -> {
      String body;
      int status;
      try {
        body = String.valueOf(endpoint.run(ex));
        status = 200;
      } catch (Exception e) {
        body = e.getClass().getName();
        status = 500;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    };
  }

  private void createSchema() throws SQLException {
    try (Connection c = db.get(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(100))");
      s.execute("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(100))");
      s.execute("CREATE TABLE items (id INT PRIMARY KEY, order_id INT, sku VARCHAR(100))");
      s.execute("CREATE TABLE audit (id INT, what VARCHAR(100))");
      s.executeUpdate("INSERT INTO users (id, name) VALUES (1, 'alice'), (2, 'bob')");
      for (int i = 1; i <= ORDER_ITEMS; i++) {
        s.executeUpdate("INSERT INTO orders (id, note) VALUES (" + i + ", 'order')");
        s.executeUpdate("INSERT INTO items (id, order_id, sku) VALUES (" + i + ", " + i + ", 'sku')");
      }
    }
  }

  private String user(HttpExchange ex) throws SQLException {
    String id = ex.getRequestURI().getPath().substring("/users/".length());
    int userId = Integer.parseInt(id);
    try (Connection c = db.get(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, name FROM users WHERE id = " + userId + " AND name <> '" + secret + "'")) {
      return rs.next() ? rs.getString(2) : "none";
    }
  }

  private String orders() throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Connection c = db.get()) {
      int count = 0;
      try (PreparedStatement p = c.prepareStatement("SELECT id FROM orders ORDER BY id"); ResultSet rs = p.executeQuery()) {
        while (rs.next() && count < ORDER_ITEMS) {
          count++;
        }
      }
      for (int i = 1; i <= count; i++) {
        try (PreparedStatement p = c.prepareStatement("SELECT sku FROM items WHERE order_id = ?")) {
          p.setInt(1, i);
          try (ResultSet rs = p.executeQuery()) {
            out.append(rs.next() ? rs.getString(1) : "-").append(' ');
          }
        }
      }
    }
    return out.toString().trim();
  }

  private String batch() throws SQLException {
    try (Connection c = db.get(); Statement s = c.createStatement()) {
      for (int i = 0; i < BATCH_SIZE; i++) {
        s.addBatch("INSERT INTO audit (id, what) VALUES (" + i + ", '" + secret + "')");
      }
      return "inserted " + s.executeBatch().length;
    }
  }

  private String fail() throws SQLException {
    try (Connection c = db.get(); Statement s = c.createStatement()) {
      s.executeQuery("SELECT * FROM no_such_table WHERE x = '" + secret + "'");
      return "unexpected";
    }
  }
}
