package io.lantern.testapps.jetty12;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lantern.harness.Metrics;
import io.lantern.harness.ServletAgentSuite;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The agent on Jetty 12 ee10: the servlet acceptance suite, concurrency, and a Spring MVC route. */
class Jetty12IT extends ServletAgentSuite {
  private static final String OWNER_ROUTE = "/spring/owners/{ownerId}";

  @Test
  void concurrentRequestsAreCountedExactly() throws Exception {
    assertConcurrentRequestsCountedExactly(app, "/hello", server("/hello", 200, ""), 8, 500);
  }

  @Test
  void springMvcRequestsUseTheBestMatchingPatternUnderTheDispatcherServletPath() {
    Metrics before = app.scrape();
    for (int i = 0; i < 20; i++) {
      assertEquals(200, app.get("/spring/owners/" + (900 + i)).status());
    }
    Metrics m = awaitCounts(before, Map.of(server(OWNER_ROUTE, 200, ""), 20));
    Set<String> springRoutes = m.labelSets(COUNT).stream()
        .map(labels -> labels.getOrDefault("http_route", ""))
        .filter(route -> route.startsWith("/spring"))
        .collect(Collectors.toSet());
    assertEquals(Set.of(OWNER_ROUTE), springRoutes);
  }
}
