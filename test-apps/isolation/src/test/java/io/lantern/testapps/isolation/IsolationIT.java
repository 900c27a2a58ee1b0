package io.lantern.testapps.isolation;

import static io.lantern.harness.HttpServerAgentSuite.COUNT;
import static io.lantern.harness.HttpServerAgentSuite.WAIT;
import static io.lantern.harness.HttpServerAgentSuite.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.harness.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * An app that bundles its own, older slf4j/logback, Byte Buddy, OpenTelemetry API and Prometheus
 * simpleclient runs with the agent exactly as without it: it sees only its own copies, its own
 * logback.xml configures its logging, its own metrics endpoint serves its own counter, and the
 * agent still measures its requests on the agent's port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IsolationIT {
  private AgentApp app;
  private int appMetricsPort;
  private Map<String, String> check;

  @BeforeAll
  void start() {
    appMetricsPort = AgentApp.freePort();
    app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("app.metrics-port", String.valueOf(appMetricsPort))
        .sysProp("sun.net.httpserver.nodelay", "true")
        .start();
    Response r = app.get("/check");
    assertEquals(200, r.status(), r + "\n" + app.diagnostics());
    check = parse(r.body());
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static Map<String, String> parse(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }

  @Test
  void appSeesItsOwnLibraryVersions() {
    assertEquals("1.7.36", check.get("slf4j.version"), check.toString());
    assertEquals("1.2.13", check.get("logback.version"), check.toString());
    assertEquals("ch.qos.logback.classic.LoggerContext", check.get("slf4j.factory"), check.toString());
    assertTrue(check.get("bytebuddy.version").startsWith("1.12."), check.toString());
    assertEquals("made by the app's byte buddy", check.get("bytebuddy.result"), check.toString());
    assertTrue(check.get("otel.version").startsWith("1.30."), check.toString());
    assertEquals("0.12.0", check.get("simpleclient.version"), check.toString());
    for (String lib : List.of("slf4j", "logback", "bytebuddy", "otel", "simpleclient")) {
      assertTrue(check.get(lib + ".origin").endsWith("/app.jar"), lib + " must come from the app jar: " + check);
    }
  }

  @Test
  void noAgentClassIsVisibleToTheApp() {
    check.forEach((k, v) -> {
      if (k.startsWith("agent.")) {
        assertEquals("absent", v, k.substring("agent.".length()) + " is visible to the application");
      }
    });
    assertTrue(check.keySet().stream().anyMatch(k -> k.startsWith("agent.")), check.toString());
    String out = app.stdout() + app.stderr();
    for (String leak : List.of("ClassNotFoundException", "NoClassDefFoundError", "LinkageError",
        "io.lantern.shaded", "SLF4J: Class path contains multiple", "SLF4J: Failed to load class")) {
      assertFalse(out.contains(leak), "app output mentions " + leak + "\n" + app.diagnostics());
    }
  }

  /**
   * The hooks are defined in the bootstrap loader, not appended to its search path: an appended
   * path makes the JVM print this notice and stop sharing (CDS) every class not of the boot loader.
   */
  @Test
  void theJvmPrintsNothingAboutTheAgent() {
    String out = app.stdout() + app.stderr();
    for (String notice : List.of("Sharing is only supported for boot loader classes", "sun.misc.Unsafe", "[lantern]")) {
      assertFalse(out.contains(notice), "app output mentions " + notice + "\n" + app.diagnostics());
    }
  }

  @Test
  void appLogbackXmlConfiguresTheAppsLogging() {
    String stdout = app.stdout();
    assertTrue(stdout.lines().anyMatch(l -> l.startsWith("APPLOG INFO IsolationApp") && l.endsWith("check requested")),
        "the app's logback.xml pattern is used\n" + stdout);
    assertTrue(stdout.lines().anyMatch(l -> l.startsWith("APPLOG ") && l.contains("isolation app started")), stdout);
  }

  @Test
  void appsOwnMetricsEndpointServesTheAppsCounter() {
    Response r = app.getUrl("http://localhost:" + appMetricsPort + "/metrics");
    assertEquals(200, r.status(), r.toString());
    Metrics own = Metrics.parse(r.body());
    assertEquals(1.0, own.value("app_checks_total", Map.of()), own.text());
    assertTrue(own.samples("http_server_request_duration_seconds_count").isEmpty(),
        "the agent's metrics must not appear in the app's own registry\n" + own.text());
  }

  @Test
  void agentStillMeasuresTheAppOnItsOwnPort() {
    Metrics m = app.awaitMetric(COUNT, server("/check", 200, ""), 1, WAIT);
    assertTrue(m.samples("app_checks_total").isEmpty(), "the app's counter must not leak into the agent's registry");
    assertEquals(1, app.awaitEvents("agent_start", 1, WAIT).size());
  }
}
