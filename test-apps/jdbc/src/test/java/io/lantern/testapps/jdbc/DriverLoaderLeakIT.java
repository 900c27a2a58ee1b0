package io.lantern.testapps.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lantern.harness.AgentApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JDBC driver defined in its own class loader, used and dropped 20 times in one JVM, as a
 * redeployed webapp's driver is: after full GCs no such loader may be reachable, with the agent as
 * without it, and with the agent every statement of every loader is still counted exactly.
 */
class DriverLoaderLeakIT {
  static final int CYCLES = 20;

  @ParameterizedTest(name = "agent: {0}")
  @ValueSource(booleans = {true, false})
  void droppedDriverLoadersAreCollected(boolean withAgent) throws Exception {
    AgentApp.Builder builder = AgentApp.builder(AgentApp.appJarFromProperty()).sysProp("app.db", "h2");
    if (!withAgent) {
      builder.withoutAgent();
    }
    try (AgentApp app = builder.start()) {
      assertEquals("0", app.get("/driver-loaders?cycles=" + CYCLES).body().trim(),
          "driver class loaders still reachable after " + CYCLES + " load-use-drop cycles");
      if (withAgent) {
        app.awaitMetric(JdbcIT.COUNT, JdbcIT.series("h2database", "SELECT", DriverLoaders.PROBE_TABLE, ""), CYCLES, JdbcIT.WAIT);
      }
    }
  }
}
