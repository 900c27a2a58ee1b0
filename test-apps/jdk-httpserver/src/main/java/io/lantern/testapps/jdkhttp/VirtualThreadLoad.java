package io.lantern.testapps.jdkhttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /vt/<n>}, the load of the virtual-thread IT: every request with {@code n >= 0} first waits at a gate
 * until {@code gate} requests are inside a handler at the same time (so "10,000 concurrent" means
 * 10,000 handlers running at once, not just sockets open), then runs one prepared SELECT on H2 over
 * a connection of its own, on table {@code items_<n % 4>}, and when {@code n % 10 == 0} makes one
 * outbound {@code POST /hello} to this server with the JDK {@link HttpClient}. POST because the
 * client never repeats it on a dead connection, so every count is exact. Request 0 also loads
 * {@link PinCanary}, whose initializer sleeps: a virtual thread blocked in a class initializer
 * pins its carrier on every JDK, so the test knows its pinning probe sees a pin when there is one.
 *
 * <p>A negative {@code n} passes no gate and does the same work for {@code -n}: the test's warm-up,
 * so that the load meets a JVM that has loaded its classes (see VirtualThreadPinningIT).
 *
 * <p>Answers {@code open <name>} when the gate opened, {@code closed <name>} when it did not open
 * within 60 s (the test then fails: fewer requests were in flight together than it claims).
 */
final class VirtualThreadLoad implements HttpHandler {
  static final int TABLES = 4;
  static final int OUTBOUND_EVERY = 10;
  private static final String URL = "jdbc:h2:mem:vt;DB_CLOSE_DELAY=-1";

  private final CountDownLatch gate;
  private final URI hello;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(30)).build();

  VirtualThreadLoad(int gate, int port) throws SQLException {
    this.gate = new CountDownLatch(gate);
    this.hello = URI.create("http://localhost:" + port + "/hello");
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      for (int t = 0; t < TABLES; t++) {
        s.execute("CREATE TABLE items_" + t + " (id INT PRIMARY KEY, name VARCHAR(64))");
        s.execute("INSERT INTO items_" + t + " VALUES (1, 'item-" + t + "')");
      }
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    int n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
    ex.getRequestBody().readAllBytes();
    boolean open = true;
    String name;
    try {
      if (n >= 0) {
        gate.countDown();
        open = gate.await(60, TimeUnit.SECONDS);
      } else {
        n = -n;
      }
      name = select(n % TABLES);
      if (n == 0) {
        PinCanary.touch();
      }
      if (n % OUTBOUND_EVERY == 0) {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(hello).POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
          throw new IOException("POST /hello answered " + r.statusCode());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (SQLException e) {
      throw new IOException(e);
    }
    JdkHttpServerApp.send(ex, 200, (open ? "open " : "closed ") + name);
  }

  private static String select(int table) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL);
        PreparedStatement q = c.prepareStatement("SELECT name FROM items_" + table + " WHERE id = ?")) {
      q.setInt(1, 1);
      try (ResultSet rows = q.executeQuery()) {
        return rows.next() ? rows.getString(1) : "none";
      }
    }
  }

  /** Sleeps in its static initializer: the one deliberate pin (see the class comment). */
  static final class PinCanary {
    static {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private PinCanary() {}

    static void touch() {
      // loading the class is the point
    }
  }
}
