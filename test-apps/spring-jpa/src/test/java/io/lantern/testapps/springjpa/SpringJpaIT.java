package io.lantern.testapps.springjpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Spring Boot 3 + Spring Data JPA/Hibernate on Tomcat over HikariCP: Hibernate's statements are
 * counted once each (through Hikari's proxies), the N+1 endpoint gives an exact db_count and one
 * db_repeated_query with Spring's route pattern, and statement spans are in the request's trace.
 */
class SpringJpaIT {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String COUNT = "db_client_operation_duration_seconds_count";

  @Test
  void nPlusOneIsCountedExactlyAndReportedOnce() throws Exception {
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("lantern.jdbc.slow-query-threshold-ms", "0")
        .start()) {
      assertEquals(200, app.get("/owners").status());
      assertEquals(200, app.get("/owners/1").status());

      List<JsonNode> requests = app.awaitEvents("http_request", 2, WAIT);
      Map<String, JsonNode> byRoute = requests.stream()
          .collect(Collectors.toMap(r -> r.path("http_route").asText(), r -> r, (a, b) -> a));
      JsonNode owners = byRoute.get("/owners");
      assertEquals(1 + SpringJpaApp.OWNERS, owners.path("db_count").asInt(), owners.toString());
      JsonNode one = byRoute.get("/owners/{id}");
      assertEquals(1, one.path("db_count").asInt(), requests.toString());

      JsonNode repeated = app.awaitExactly("db_repeated_query", 1, WAIT).get(0);
      assertEquals(SpringJpaApp.OWNERS, repeated.path("count").asInt(), repeated.toString());
      assertEquals("/owners", repeated.path("http_route").asText());
      assertEquals(owners.path("trace_id").asText(), repeated.path("trace_id").asText());
      assertTrue(repeated.path("db_query_text").asText().toLowerCase().contains("from pet"), repeated.toString());

      List<JsonNode> statements = app.events("db_query").stream()
          .filter(q -> q.path("trace_id").asText().equals(owners.path("trace_id").asText()))
          .collect(Collectors.toList());
      assertEquals(1 + SpringJpaApp.OWNERS, statements.size(), statements.toString());
      for (JsonNode q : statements) {
        assertNotEquals(owners.path("span_id").asText(), q.path("span_id").asText());
        assertEquals("h2database", q.path("db_system_name").asText());
        assertEquals("SELECT", q.path("db_operation_name").asText());
      }

      Metrics m = app.awaitMetrics("pet selects", x -> x.sum(COUNT,
          l -> "pet".equals(l.get("db_collection_name")) && "SELECT".equals(l.get("db_operation_name"))) >= SpringJpaApp.OWNERS, WAIT);
      assertEquals(SpringJpaApp.OWNERS, m.sum(COUNT,
          l -> "pet".equals(l.get("db_collection_name")) && "SELECT".equals(l.get("db_operation_name"))), m.describe(COUNT));
      assertTrue(m.has("db_client_connection_count",
          Map.of("db_client_connection_pool_name", "spring-pool", "db_client_connection_state", "idle")), m.describe("db_client_connection_count"));
      assertEquals(List.of(), app.events("instrumentation_error"), "the agent's own code failed");
    }
  }
}
