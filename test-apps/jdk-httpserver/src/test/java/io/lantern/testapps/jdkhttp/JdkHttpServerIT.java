package io.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.HttpServerAgentSuite;
import io.lantern.harness.Jdks;
import io.lantern.harness.Metrics;
import io.lantern.harness.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent on a plain JDK HttpServer: the shared acceptance suite (routes are the context paths),
 * concurrency, fault tolerance and virtual threads on Temurin 25.
 *
 * <p>A throwing handler: the JDK server closes the connection without any answer (no 500 on the
 * wire); the agent still records status 500 with the exception's class as error_type.
 */
class JdkHttpServerIT extends HttpServerAgentSuite {

  /**
   * The agent's own metrics endpoint loads the JDK server classes in premain, before the app's main
   * could set this; without it every keep-alive request waits ~40 ms for a delayed ACK.
   */
  @Override
  protected AgentApp.Builder configure(AgentApp.Builder builder) {
    return builder.sysProp("sun.net.httpserver.nodelay", "true");
  }

  @Override
  protected String usersRoute() {
    return "/users/";
  }

  @Override
  protected String statusRoute() {
    return "/status/";
  }

  @Override
  protected boolean answersThrowingHandlerWith500() {
    return false;
  }

  @Test
  void concurrentRequestsAreCountedExactly() throws Exception {
    assertConcurrentRequestsCountedExactly(app, "/hello", server("/hello", 200, ""), 8, 500);
  }

  @Test
  void metricsPortTakenStillServesAndLogsOneMetricsError() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
      try (AgentApp a = configure(AgentApp.builder(appJar())).metricsPort(taken.getLocalPort()).start()) {
        assertEquals(200, a.get("/hello").status());
        JsonNode error = a.awaitExactly("metrics_error", 1, WAIT).get(0);
        assertTrue(error.hasNonNull("error") && !error.get("error").asText().isBlank(), error.toString());
        assertEquals(0, a.events("metrics_listen").size(), "no metrics_listen when the port is taken");
        assertEquals(200, a.get("/hello").status());
        assertTrue(a.isAlive());
      }
    }
  }

  @Test
  void garbageConfigGivesOneWarningPerKeyAndTheAppServes() {
    try (AgentApp a = configure(AgentApp.builder(appJar()))
        .sysProp("lantern.metrics.max-series", "abc")
        .sysProp("lantern.log.queue-size", "-5")
        .start()) {
      assertEquals(200, a.get("/hello").status());
      List<JsonNode> warnings = a.awaitExactly("config_warning", 2, WAIT);
      Map<String, List<JsonNode>> byKey = warnings.stream()
          .collect(Collectors.groupingBy(w -> w.path("key").asText()));
      assertEquals(1, byKey.getOrDefault("lantern.metrics.max-series", List.of()).size(), warnings.toString());
      assertEquals(1, byKey.getOrDefault("lantern.log.queue-size", List.of()).size(), warnings.toString());
      JsonNode maxSeries = byKey.get("lantern.metrics.max-series").get(0);
      assertEquals("abc", maxSeries.path("value").asText());
      assertEquals("2000", maxSeries.path("default").asText());
      JsonNode queue = byKey.get("lantern.log.queue-size").get(0);
      assertEquals("-5", queue.path("value").asText());
      assertEquals("8192", queue.path("default").asText());
      a.awaitMetric(COUNT, server("/hello", 200, ""), 1, WAIT);
    }
  }

  @Test
  void metricsEndpointRequiresBasicAuthWhenBothCredentialsAreSet() {
    try (AgentApp a = configure(AgentApp.builder(appJar()))
        .sysProp("lantern.metrics.username", "prom")
        .sysProp("lantern.metrics.password", "s3cret")
        .start()) {
      assertEquals(200, a.get("/hello").status());
      assertEquals(401, a.metricsGet("/metrics").status());
      assertEquals(401, a.metricsGet("/metrics", "Authorization", basic("prom", "wrong")).status());
      double count = 0;
      for (long deadline = System.nanoTime() + WAIT.toNanos(); count < 1 && System.nanoTime() < deadline; ) {
        Response ok = a.metricsGet("/metrics", "Authorization", basic("prom", "s3cret"));
        assertEquals(200, ok.status());
        count = Metrics.parse(ok.body()).sum(COUNT, labels -> "/hello".equals(labels.get("http_route")));
      }
      assertEquals(1.0, count);
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void unwritableLogFileStillServesAndCounts() {
    try (AgentApp a = configure(AgentApp.builder(appJar()))
        .sysProp("lantern.log.file", "/proc/lantern-denied/lantern.log")
        .start()) {
      assertEquals(200, a.get("/hello").status());
      assertEquals(200, a.get("/hello").status());
      a.awaitMetric(COUNT, server("/hello", 200, ""), 2, WAIT);
      assertTrue(a.isAlive());
    }
  }

  @Test
  void virtualThreadsOnTemurin25AreCountedExactly() throws Exception {
    Optional<Path> jdk = Jdks.temurin25();
    assumeTrue(jdk.isPresent(), "Temurin 25 is not installed");
    try (AgentApp a = configure(AgentApp.builder(appJar()))
        .javaHome(jdk.get())
        .sysProp("app.virtual-threads", "true")
        .start()) {
      assertTrue(a.stdout().contains("EXECUTOR virtual"), a.stdout());
      assertConcurrentRequestsCountedExactly(a, "/hello", server("/hello", 200, ""), 8, 100);
      Metrics m = a.scrape();
      assertEquals(800.0, m.value(COUNT, server("/hello", 200, "")));
    }
  }
}
