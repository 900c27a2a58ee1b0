package io.lantern.testapps.ai;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * The non-AI half of {@code bench/soak}'s mixed load, registered only with {@code
 * -Dapp.soak.tables=<n>} (the AI half is {@code /openai/chat}):
 *
 * <ul>
 *   <li>{@code /soak/db?i=<i>}: one SELECT on H2 with {@code i} as its literals, on table {@code
 *       soak_<i % n>}: every statement a new SQL string, the tables many more than the series cap;
 *   <li>{@code /soak/out}: one outbound GET, with the JDK {@link HttpClient}, to {@code /soak/ping};
 *   <li>{@code /soak/ping}: answers {@code pong}.
 * </ul>
 */
final class SoakRoutes {
  private static final String URL = "jdbc:h2:mem:soak;DB_CLOSE_DELAY=-1";

  private final int tables;
  private final URI ping;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  /** One connection per server thread (the app's pool is fixed). */
  private final ThreadLocal<Connection> connection = ThreadLocal.withInitial(SoakRoutes::connect);

  private SoakRoutes(int tables, int port) {
    this.tables = tables;
    this.ping = URI.create("http://127.0.0.1:" + port + "/soak/ping");
  }

  static void register(HttpServer server) throws SQLException {
    Integer tables = Integer.getInteger("app.soak.tables");
    if (tables == null) {
      return;
    }
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (int t = 0; t < tables; t++) {
        s.execute("CREATE TABLE soak_" + t + " (id BIGINT PRIMARY KEY, note VARCHAR(64))");
      }
    }
    SoakRoutes routes = new SoakRoutes(tables, server.getAddress().getPort());
    server.createContext("/soak/db", AiSdksApp.handler(routes::select));
    server.createContext("/soak/out", AiSdksApp.handler(q -> routes.outbound()));
    server.createContext("/soak/ping", AiSdksApp.handler(q -> "pong"));
  }

  private String select(Map<String, String> q) throws SQLException {
    long i = Long.parseLong(q.getOrDefault("i", "0"));
    try (Statement s = connection.get().createStatement();
        ResultSet rows = s.executeQuery("SELECT id, note FROM soak_" + (i % tables) + " WHERE id = " + i
            + " OR note = 'note-" + i + "'")) {
      return rows.next() ? rows.getString(2) : "none";
    }
  }

  private String outbound() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(ping).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  private static Connection connect() {
    try {
      return DriverManager.getConnection(URL);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
