package com.acme.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.harness.OtlpReceiver;
import io.lantern.harness.ReceivedSpan;
import io.lantern.harness.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The methods module end to end, through the built agent jar in a child JVM: every shape of method
 * the app calls inside one {@code GET /work} is counted exactly per {@code code_function_name} and
 * {@code error_type}, nests its span under the request's (or the calling method's), keeps its
 * result and exceptions as they were, and an asynchronous result ends its call when it completes.
 */
class MethodsIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String METRIC = "lantern_method_duration_seconds";
  static final String COUNT = METRIC + "_count";
  static final String P = "com.acme.trading.MethodsApp$";
  static final String INCLUDE = P + "Pricing[quote];" + P + "Trader[decide];" + P + "Orders[place];"
      + P + "Checks[validate];" + P + "Maths[factorial];" + P + "RiskCheck[check];" + P + "Settlement[settle,confirm];"
      + "broken[";

  @Test
  void everyShapeIsCountedNestedAndLeftUnchanged() {
    String expectedBody = bodyWithoutAgent();
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
            .sysProp("lantern.methods.include", INCLUDE)
            .sysProp("lantern.methods.slow-threshold-ms", "250")
            .sysProp("lantern.traces.exporter", "otlp")
            .sysProp("lantern.traces.otlp.endpoint", otlp.endpoint())
            .start()) {
      Response response = app.get("/work");
      assertEquals(200, response.status());
      // results and the checked exception (class, message, throwing frame) exactly as without the agent
      assertEquals(expectedBody, response.body());
      assertTrue(response.body().contains("thrown=" + P + "RiskLimitException:amount 1000 over limit 100:" + P
          + "LimitRiskCheck.check"), response.body());

      Map<String, Double> expected = new TreeMap<>();
      expected.put(P + "Pricing.quote|", 2.0); // once from the handler, once inside MomentumTrader.decide
      expected.put(P + "MomentumTrader.decide|", 1.0);
      expected.put(P + "MeanReversionTrader.decide|", 1.0);
      expected.put(P + "Orders.place|", 2.0); // place("a") delegating to place("a", 1) is one call of the name
      expected.put(P + "Checks.validate|", 1.0);
      expected.put(P + "Maths.factorial|", 1.0); // recursion: the outermost call only
      expected.put(P + "LimitRiskCheck.check|", 1.0);
      expected.put(P + "LimitRiskCheck.check|" + P + "RiskLimitException", 1.0);
      expected.put(P + "Settlement.settle|", 1.0);
      expected.put(P + "Settlement.settle|" + P + "SettlementFailedException", 1.0);
      expected.put(P + "Settlement.confirm|", 1.0);
      expected.put("publish report|", 1.0);
      expected.put(P + "Reports.audit|", 1.0);
      Metrics m = app.awaitMetrics("every method call recorded",
          s -> s.sum(COUNT) == 15 && counts(s).equals(expected), WAIT);
      assertEquals(expected, counts(m), m.describe(COUNT));
      assertFalse(m.all().stream().anyMatch(s -> s.labels().containsValue(P + "Pricing.internal")), m.describe(COUNT));
      // the futures' and the Mono's durations run to completion, not to the method's return
      double settled = m.value(METRIC + "_sum", Map.of("code_function_name", P + "Settlement.settle", "error_type", ""));
      assertTrue(settled >= 0.3 && settled < 5, "settle took " + settled + " s");
      double failed = m.value(METRIC + "_sum",
          Map.of("code_function_name", P + "Settlement.settle", "error_type", P + "SettlementFailedException"));
      assertTrue(failed >= 0.3, "failed settle took " + failed + " s");
      double confirmed = m.value(METRIC + "_sum", Map.of("code_function_name", P + "Settlement.confirm", "error_type", ""));
      assertTrue(confirmed >= 0.1, "confirm took " + confirmed + " s");
      // buckets as the HTTP server's
      assertTrue(m.has(METRIC + "_bucket", Map.of("code_function_name", P + "Settlement.settle", "error_type", "",
          "le", "0.25")), m.describe(METRIC + "_bucket"));
      assertEquals(0.0, m.value(METRIC + "_bucket", Map.of("code_function_name", P + "Settlement.settle", "error_type", "",
          "le", "0.25")));
      assertEquals(1.0, m.value(METRIC + "_bucket", Map.of("code_function_name", P + "Settlement.settle", "error_type", "",
          "le", "0.5")));

      // the malformed entry: one warning naming it, the rest applied
      List<JsonNode> warnings = app.events("config_warning");
      assertEquals(1, warnings.size(), warnings.toString());
      assertEquals("lantern.methods.include", warnings.get(0).path("key").asText());
      assertEquals("broken[", warnings.get(0).path("value").asText());

      // slow calls (>= 250 ms): the two settlements; a first call paying class loading (Reactor's) may be one too
      app.awaitEvents("method_call", 2, WAIT);
      for (JsonNode event : app.events("method_call")) {
        assertTrue(event.path("duration_ms").asDouble() >= 250, event.toString());
        assertEquals("WARN", event.path("level").asText());
      }
      List<JsonNode> slow = app.events("method_call").stream()
          .filter(e -> e.path("code_function_name").asText().equals(P + "Settlement.settle")).collect(Collectors.toList());
      assertEquals(2, slow.size(), app.events("method_call").toString());
      for (JsonNode event : slow) {
        assertTrue(event.path("duration_ms").asDouble() >= 300, event.toString());
      }
      assertEquals(1, slow.stream().filter(e -> e.path("error_type").asText().equals(P + "SettlementFailedException")).count());

      // spans: one server span, 15 method spans under it (quote once under decide)
      List<ReceivedSpan> spans = otlp.awaitExactly(16, WAIT);
      ReceivedSpan server = only(spans, s -> s.kind().equals("SERVER"));
      assertEquals("GET /work", server.name());
      Map<String, List<ReceivedSpan>> byName = spans.stream().collect(Collectors.groupingBy(ReceivedSpan::name));
      ReceivedSpan momentum = only(spans, s -> s.name().equals("MethodsApp$MomentumTrader.decide"));
      List<String> tree = new ArrayList<>();
      for (ReceivedSpan span : spans) {
        if (span == server) {
          continue;
        }
        assertEquals(server.traceId(), span.traceId(), OtlpReceiver.describe(spans));
        String parent = span.parentSpanId().equals(server.spanId()) ? "server"
            : span.parentSpanId().equals(momentum.spanId()) ? "momentum" : span.parentSpanId();
        tree.add(span.kind() + " " + span.name() + " <- " + parent);
        assertTrue(server.startEpochNanos() <= span.startEpochNanos(), span.toString());
      }
      tree.sort(null);
      assertEquals(List.of(
          "INTERNAL MethodsApp$Checks.validate <- server",
          "INTERNAL MethodsApp$LimitRiskCheck.check <- server",
          "INTERNAL MethodsApp$LimitRiskCheck.check <- server",
          "INTERNAL MethodsApp$Maths.factorial <- server",
          "INTERNAL MethodsApp$MeanReversionTrader.decide <- server",
          "INTERNAL MethodsApp$MomentumTrader.decide <- server",
          "INTERNAL MethodsApp$Orders.place <- server",
          "INTERNAL MethodsApp$Orders.place <- server",
          "INTERNAL MethodsApp$Pricing.quote <- momentum",
          "INTERNAL MethodsApp$Pricing.quote <- server",
          "INTERNAL MethodsApp$Reports.audit <- server",
          "INTERNAL MethodsApp$Settlement.confirm <- server",
          "INTERNAL MethodsApp$Settlement.settle <- server",
          "INTERNAL MethodsApp$Settlement.settle <- server",
          "PRODUCER publish report <- server"), tree);
      for (ReceivedSpan settle : byName.get("MethodsApp$Settlement.settle")) {
        assertTrue(settle.endEpochNanos() - settle.startEpochNanos() >= 300_000_000L, settle.toString());
        assertEquals(P + "Settlement.settle", settle.stringAttribute("code.function.name"));
      }
      ReceivedSpan failedCheck = only(byName.get("MethodsApp$LimitRiskCheck.check"), s -> s.status().equals("ERROR"));
      assertEquals(P + "RiskLimitException", failedCheck.stringAttribute("error.type"));
    }
  }

  @Test
  void withNothingConfiguredOnlyWithSpanIsMeasuredAndTheSwitchTurnsItOff() {
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).start()) {
      assertEquals(200, app.get("/work").status());
      Metrics m = app.awaitMetrics("the two @WithSpan calls", s -> s.sum(COUNT) == 2, WAIT);
      Map<String, Double> expected = new TreeMap<>(Map.of("publish report|", 1.0, P + "Reports.audit|", 1.0));
      assertEquals(expected, counts(m));
      assertEquals(0, app.events("config_warning").size());
    }
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("lantern.methods.with-span.enabled", "false").start()) {
      assertEquals(200, app.get("/work").status());
      assertEquals(200, app.get("/hello").status());
      app.awaitMetric("http_server_request_duration_seconds_count", Map.of("http_request_method", "GET",
          "http_route", "/hello", "http_response_status_code", "200", "url_scheme", "http", "error_type", ""), 1, WAIT);
      assertEquals(0, app.scrape().samples(COUNT).size(), app.scrape().describe(COUNT));
    }
  }

  private static String bodyWithoutAgent() {
    try (AgentApp plain = AgentApp.builder(AgentApp.appJarFromProperty()).withoutAgent().start()) {
      Response response = plain.get("/work");
      assertEquals(200, response.status());
      return response.body();
    }
  }

  private static Map<String, Double> counts(Metrics m) {
    Map<String, Double> counts = new TreeMap<>();
    for (Metrics.Sample s : m.samples(COUNT)) {
      counts.merge(s.labels().get("code_function_name") + "|" + s.labels().get("error_type"), s.value(), Double::sum);
    }
    return counts;
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, java.util.function.Predicate<ReceivedSpan> which) {
    List<ReceivedSpan> found = spans.stream().filter(which).collect(Collectors.toList());
    assertEquals(1, found.size(), OtlpReceiver.describe(spans));
    return found.get(0);
  }
}
