package io.lantern.testapps.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A Vert.x core HTTP server with a vertx-web router, written against the API Vert.x 4.5 and 5.0
 * share, so test-apps/vertx4 and test-apps/vertx5 build this same source. Routes: the shared
 * suite's {@code /hello}, {@code /users/:id}, {@code /error} (throws), {@code /status/:code}; and
 * for the Vert.x checks {@code /items/:id} (JDBC on H2 in {@code executeBlocking}, twice through
 * {@code compose}, then once more in a timer's {@code runOnContext} on the event loop),
 * {@code /api/items/:id} (a sub-router), {@code /fail/503} ({@code ctx.fail(503)}),
 * {@code /fail/exception} ({@code ctx.fail(e)}), {@code /chunked} (5 chunks 100 ms apart) and
 * {@code /hang} (one chunk, then the end only 3 s later, for a client that leaves first).
 *
 * <p>{@code -Dapp.port} (0 = ephemeral); prints {@code LISTENING <port>} once serving.
 */
public final class VertxApp {
  private static final String DB_URL = "jdbc:h2:mem:vertx;DB_CLOSE_DELAY=-1";

  private VertxApp() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.getInteger("app.port", 8080);
    try (Connection c = DriverManager.getConnection(DB_URL); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(64), hits INT)");
      s.execute("INSERT INTO items VALUES (1, 'one', 0), (2, 'two', 0), (3, 'three', 0)");
    }
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/hello").handler(ctx -> text(ctx, 200, "hello"));
    router.get("/users/:id").handler(ctx -> text(ctx, 200, "user " + ctx.pathParam("id")));
    router.get("/error").handler(ctx -> {
      throw new IllegalStateException("boom");
    });
    router.get("/status/:code").handler(ctx -> {
      int code;
      try {
        code = Integer.parseInt(ctx.pathParam("code"));
      } catch (NumberFormatException e) {
        text(ctx, 400, "bad status code");
        return;
      }
      text(ctx, code, "status " + code);
    });
    router.get("/items/:id").handler(ctx -> item(vertx, ctx));
    Router api = Router.router(vertx);
    api.get("/items/:id").handler(ctx -> text(ctx, 200, "api item " + ctx.pathParam("id")));
    router.route("/api/*").subRouter(api);
    router.get("/fail/503").handler(ctx -> ctx.fail(503));
    router.get("/fail/exception").handler(ctx -> ctx.fail(new IllegalArgumentException("bad")));
    router.get("/chunked").handler(ctx -> chunks(vertx, ctx.response(), 5));
    router.get("/hang").handler(ctx -> {
      HttpServerResponse response = ctx.response().setChunked(true);
      response.write("started\n");
      vertx.setTimer(3000, id -> {
        if (!response.closed()) {
          response.end("late\n");
        }
      });
    });

    vertx.createHttpServer().requestHandler(router).listen(port)
        .onSuccess(server -> {
          System.out.println("LISTENING " + server.actualPort());
          System.out.flush();
        })
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  /**
   * Three statements, each on another kind of Vert.x hop: a worker in {@code executeBlocking},
   * another after {@code compose}, and one on the event loop in a {@code runOnContext} inside a
   * timer (the app may block its own event loop on an in-memory H2 for a test).
   */
  private static void item(Vertx vertx, RoutingContext ctx) {
    int id = Integer.parseInt(ctx.pathParam("id"));
    vertx.executeBlocking(() -> name(id))
        .compose(name -> vertx.executeBlocking(() -> {
          hit(id);
          return name;
        }))
        .onSuccess(name -> vertx.setTimer(5, timer -> vertx.runOnContext(v -> {
          try {
            text(ctx, 200, "item " + name + " hits " + hits(id));
          } catch (SQLException e) {
            ctx.fail(e);
          }
        })))
        .onFailure(ctx::fail);
  }

  private static void chunks(Vertx vertx, HttpServerResponse response, int left) {
    if (left == 5) {
      response.setChunked(true).putHeader("content-type", "text/plain; charset=utf-8");
    }
    response.write("chunk " + (6 - left) + "\n");
    if (left == 1) {
      response.end();
    } else {
      vertx.setTimer(100, id -> chunks(vertx, response, left - 1));
    }
  }

  private static String name(int id) throws SQLException {
    try (Connection c = DriverManager.getConnection(DB_URL);
        PreparedStatement p = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
      p.setInt(1, id);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : "none";
      }
    }
  }

  private static void hit(int id) throws SQLException {
    try (Connection c = DriverManager.getConnection(DB_URL);
        PreparedStatement p = c.prepareStatement("UPDATE items SET hits = hits + 1 WHERE id = ?")) {
      p.setInt(1, id);
      p.executeUpdate();
    }
  }

  private static int hits(int id) throws SQLException {
    try (Connection c = DriverManager.getConnection(DB_URL);
        PreparedStatement p = c.prepareStatement("SELECT hits FROM items WHERE id = ?")) {
      p.setInt(1, id);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getInt(1) : -1;
      }
    }
  }

  private static Future<Void> text(RoutingContext ctx, int status, String body) {
    return ctx.response().setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8").end(body);
  }
}
