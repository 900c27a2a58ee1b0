package io.lantern.testapps.redeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.harness.AgentApp;
import io.lantern.harness.GenAiAssertions;
import io.lantern.harness.HttpServerAgentSuite;
import io.lantern.harness.Metrics;
import io.lantern.harness.Response;
import io.lantern.testapps.fakeai.FakeAiProvider;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A webapp WAR that brings its own servlet, filter, JDBC driver (H2), pool (HikariCP), HTTP client
 * (OkHttp) and AI SDK (openai-java) is deployed, exercised and undeployed 20 times in one embedded
 * Tomcat, and once in Jetty: after full GCs no undeployed webapp's class loader may be reachable,
 * with the agent as without it (so the agent is the only variable), and the deployment that follows
 * is still counted exactly by every instrumentation its request goes through.
 */
class RedeployLeakIT {
  static final int CYCLES = 20;
  /** Requests to each of the 20 deployments: enough for every hook to weave and run in its loader. */
  static final int REQUESTS_PER_DEPLOYMENT = 2;
  /** Requests to the deployment made after the 20, whose counts are checked exactly. */
  static final int LAST_REQUESTS = 5;
  static final Duration WAIT = Duration.ofSeconds(15);
  static final String WORK_ROUTE = Container.CONTEXT_PATH + "/work";
  static final String MODEL = "redeploy-model";

  static FakeAiProvider provider;

  @BeforeAll
  static void startProvider() throws Exception {
    provider = FakeAiProvider.start();
  }

  @AfterAll
  static void stopProvider() {
    provider.close();
  }

  @ParameterizedTest(name = "agent: {0}")
  @ValueSource(booleans = {true, false})
  void tomcatRedeploysLeaveNoWebappLoaderReachable(boolean withAgent) {
    redeploy("tomcat", CYCLES, withAgent);
  }

  @Test
  void jettyUndeployLeavesNoWebappLoaderReachable() {
    redeploy("jetty", 1, true);
  }

  private static void redeploy(String server, int cycles, boolean withAgent) {
    AgentApp.Builder builder = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("redeploy.server", server)
        .sysProp("redeploy.war", System.getProperty("redeploy.war", "target/webapp.war"))
        .sysProp("ai.openai.base-url", provider.openAiBaseUrl())
        // Soft references are cleared at every GC, as they are under memory pressure: Jackson (in
        // openai-java) leaves a SoftReference to a buffer recycler of its loader in a ThreadLocal of
        // each container thread that served a request, so without this a loader nothing strongly
        // holds stays until the heap runs short, agent or not.
        .jvmArg("-XX:SoftRefLRUPolicyMSPerMB=0")
        // 21 deployments load openai-java's classes 21 times; C1 alone and the serial collector
        // leave the two cores to that instead of to C2 and G1's threads (the agent's code is the same)
        .jvmArg("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    if (!withAgent) {
      builder.withoutAgent();
    }
    try (AgentApp app = builder.start()) {
      Set<String> loaders = new HashSet<>();
      for (int cycle = 0; cycle < cycles; cycle++) {
        String loader = admin(app, "/admin/deploy");
        assertTrue(loaders.add(loader), "deployment " + cycle + " reused loader " + loader);
        for (int i = 0; i < REQUESTS_PER_DEPLOYMENT; i++) {
          work(app, loader);
        }
        admin(app, "/admin/undeploy");
      }
      assertEquals("0", admin(app, "/admin/reachable"),
          "webapp class loaders still reachable after " + cycles + " deploy-use-undeploy cycles in " + server
          + (withAgent ? " with" : " without") + " the agent");

      String last = admin(app, "/admin/deploy");
      if (!withAgent) {
        work(app, last);
        return;
      }
      app.awaitQuiet();
      Metrics before = app.scrape();
      for (int i = 0; i < LAST_REQUESTS; i++) {
        work(app, last);
      }
      // every series the request went through grows by exactly the requests made, and the route's
      // total is every request to every deployment: none was lost or counted twice across redeploys
      for (Series s : SERIES_PER_REQUEST) {
        try {
          app.awaitMetric(s.name(), s.labels(), before.valueOrZero(s.name(), s.labels()) + LAST_REQUESTS, WAIT);
        } catch (AssertionError e) {
          throw new AssertionError(s.through() + " of the last deployment: " + e.getMessage(), e);
        }
      }
      assertEquals(cycles * REQUESTS_PER_DEPLOYMENT + LAST_REQUESTS,
          app.scrape().value(HttpServerAgentSuite.COUNT, HttpServerAgentSuite.server(WORK_ROUTE, 200, "")));
      // the pool gauges read the last deployment's pool alone (its two connections, one series per
      // state): the agent holds nothing of the undeployed pools, all named alike
      Metrics pools = app.awaitMetrics("the last deployment's two pooled connections",
          m -> m.sum(POOL_GAUGE, RedeployLeakIT::webappPool) == 2, WAIT);
      assertEquals(2, pools.samples(POOL_GAUGE).stream().filter(g -> webappPool(g.labels())).count(),
          pools.describe(POOL_GAUGE));
    }
  }

  /** One GET of the webapp's servlet, answered by the deployment whose loader is {@code loader}. */
  private static void work(AgentApp app, String loader) {
    Response r = app.get(WORK_ROUTE);
    assertEquals(200, r.status(), r.toString());
    assertEquals("first|pong|" + MODEL, r.body());
    assertEquals(loader, r.header("X-Webapp-Loader"), "answered by another deployment's filter");
  }

  private static String admin(AgentApp app, String path) {
    Response r = app.get(path);
    assertEquals(200, r.status(), path + ": " + r + "\n" + app.diagnostics());
    return r.body();
  }

  static final String POOL_GAUGE = "db_client_connection_count";

  /** A sample of the webapp's HikariCP pool, by the name every deployment gives it. */
  static boolean webappPool(Map<String, String> labels) {
    return "redeploy".equals(labels.get("db_client_connection_pool_name"));
  }

  /** A sample one request to {@code /app/work} adds one to; {@code through} says which part of it. */
  record Series(String through, String name, Map<String, String> labels) {}

  static final List<Series> SERIES_PER_REQUEST = List.of(
      new Series("the servlet and filter", HttpServerAgentSuite.COUNT, HttpServerAgentSuite.server(WORK_ROUTE, 200, "")),
      new Series("H2 through HikariCP", "db_client_operation_duration_seconds_count", Map.of("db_system_name", "h2database",
          "db_operation_name", "SELECT", "db_collection_name", "items", "error_type", "")),
      new Series("OkHttp's GET of /ping", "http_client_request_duration_seconds_count", Map.of("http_request_method", "GET",
          "http_response_status_code", "200", "server_address", "localhost", "error_type", "")),
      new Series("the host's /ping", HttpServerAgentSuite.COUNT, HttpServerAgentSuite.server("/ping", 200, "")),
      new Series("openai-java's OkHttp POST", "http_client_request_duration_seconds_count", Map.of("http_request_method", "POST",
          "http_response_status_code", "200", "server_address", "127.0.0.1", "error_type", "")),
      new Series("openai-java's chat call", GenAiAssertions.DURATION + "_count", GenAiAssertions.call("openai", MODEL, MODEL, "")));
}
