package io.lantern.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RPC row of the Service overview dashboard and the RPC rules on a real Prometheus scraping
 * the gRPC test app (grpc-netty-shaded server and client in one JVM, the agent attached) under
 * gRPC traffic: OK, NOT_FOUND and UNKNOWN calls. The demo app that {@link StackIT} scrapes serves
 * no gRPC, so the queries on {@code rpc_server_*} are proven here.
 */
class RpcStackIT {
  static final String SERVER_COUNT = "rpc_server_call_duration_seconds_count";
  static final String METHOD = "lantern.test.Echo/";

  static AgentApp app;
  static Prometheus prometheus;
  static String instance;

  @BeforeAll
  static void startStack() throws Exception {
    app = AgentApp.builder(Path.of(System.getProperty("grpc.app.jar")))
        .sysProp("lantern.service.name", "lantern-grpc")
        .start();
    instance = "127.0.0.1:" + app.metricsPort();
    prometheus = Prometheus.scraping(instance);
    // every series once before the counted traffic (a counter's first sample is no increase)
    call("unary", "hello ada");
    call("notfound", "NOT_FOUND");
    call("throws", "UNKNOWN");
    prometheus.await("the first scrape of every method", () -> count("") == 3, 20, () -> "\n--- app ---\n" + app.diagnostics());
    Prometheus.sleep(1500);
    for (int i = 1; i <= 20; i++) {
      call("unary", "hello ada");
      if (i % 4 == 0) {
        call("notfound", "NOT_FOUND");
        call("throws", "UNKNOWN");
      }
    }
    prometheus.await("Prometheus to scrape all 33 calls", () -> count("") == 33, 20, () -> "\n--- app ---\n" + app.diagnostics());
    Prometheus.sleep(2500); // every rule evaluated at least twice after that scrape
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (app != null) {
      app.close();
    }
  }

  private static void call(String scenario, String expected) {
    assertEquals(expected, app.get("/rpc/" + scenario).body(), scenario);
  }

  private static double count(String extraMatchers) {
    return prometheus.valueOrZero("sum(" + SERVER_COUNT + "{job=\"lantern\"" + extraMatchers + "})");
  }


  @Test
  void prometheusScrapedEveryRpcWithExactCountsPerMethodAndStatus() {
    assertEquals(21.0, count(", rpc_method=\"" + METHOD + "Unary\", rpc_response_status_code=\"OK\", error_type=\"\""));
    assertEquals(6.0, count(", rpc_method=\"" + METHOD + "NotFound\", rpc_response_status_code=\"NOT_FOUND\", error_type=\"NOT_FOUND\""));
    assertEquals(6.0, count(", rpc_method=\"" + METHOD + "Throws\", rpc_response_status_code=\"UNKNOWN\", error_type=\"UNKNOWN\""));
    assertEquals(33.0, prometheus.scalar("sum(rpc_client_call_duration_seconds_count{job=\"lantern\", server_address=\"localhost\"})"));
  }

  @Test
  void everyRpcPanelQueryOfTheServiceOverviewReturnsSeries() {
    List<String> failures = new ArrayList<>();
    int evaluated = 0;
    Dashboards.Dashboard overview = Dashboards.ofType("prometheus").stream()
        .filter(d -> d.name().contains("service-overview")).findFirst().orElseThrow();
    for (Dashboards.Query q : Dashboards.queries(overview)) {
      if (!q.expr().contains("rpc_server_")) {
        continue;
      }
      for (String inst : List.of(instance.replace(".", "\\\\."), ".+")) {
        Map<String, String> binding = new LinkedHashMap<>(StackIT.GRAFANA_BUILTINS);
        binding.put("job", "lantern");
        binding.put("instance", inst);
        String expr = Dashboards.substitute(q.expr(), binding);
        JsonNode answer = prometheus.api("/api/v1/query_range", "query", expr,
            "start", String.valueOf(prometheus.nowSeconds() - StackIT.RANGE_SECONDS), "end", String.valueOf(prometheus.nowSeconds()),
            "step", StackIT.STEP_SECONDS + "s");
        evaluated++;
        if (!"success".equals(answer.path("status").asText())) {
          failures.add(q + "\n    " + expr + "\n    -> " + answer.path("error").asText());
        } else if (answer.path("data").path("result").size() == 0) {
          failures.add(q + "\n    " + expr + "\n    -> no series");
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    assertEquals(2 * 3, evaluated, "the RPC row has three queries");
  }

  @Test
  void rpcRecordingRulesHaveSeriesAndTheNonOkAlertGoesPending() {
    String sel = "{job=\"lantern\", instance=\"" + instance + "\"}";
    assertTrue(prometheus.scalar("job_instance:rpc_server_calls:rate5m" + sel) > 0);
    double ratio = prometheus.scalar("job_instance:rpc_server_non_ok_ratio:rate5m" + sel);
    assertTrue(ratio > 0.05 && ratio < 0.9, "non-OK ratio " + ratio);
    // 12 of the 33 calls failed: LanternRpcHighErrorRate is pending (it needs 5 minutes to fire)
    JsonNode alerts = prometheus.query("ALERTS{alertname=\"LanternRpcHighErrorRate\", instance=\"" + instance + "\"}");
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals("pending", alerts.get(0).path("metric").path("alertstate").asText());
    assertEquals("critical", alerts.get(0).path("metric").path("severity").asText());
  }
}
