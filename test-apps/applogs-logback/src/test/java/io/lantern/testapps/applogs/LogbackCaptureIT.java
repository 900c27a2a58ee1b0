package io.lantern.testapps.applogs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.harness.AgentApp;
import io.lantern.harness.AppLogs;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The app's own logback records (slf4j 2, plain-text console pattern) become {@code log} events in
 * Lantern's event file with capture on: exactly the records logback let through, the request's
 * trace, MDC and key-values as objects, the exception with its cause; the console output is the
 * same as without the agent.
 */
class LogbackCaptureIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String LOGGER = "io.lantern.testapps.applogs.LogbackApp";

  @Test
  void recordsInsideARequestAreLogEventsWithTheRequestsTrace() throws Exception {
    String console;
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("lantern.logs.capture", "true")
        .sysProp("lantern.http.server.tenant-header", "X-Tenant")
        .start()) {
      assertEquals(200, app.get("/work", "X-Request-ID", "req-1", "X-Tenant", "acme").status());
      JsonNode request = app.awaitEvents("http_request", 1, WAIT).get(0);
      List<JsonNode> logs = app.awaitExactly("log", 4, WAIT);

      assertEquals(JSON.readTree("{\"level\":\"INFO\",\"message\":\"started\",\"logger_name\":\"" + LOGGER
          + "\",\"thread_name\":\"main\"}"), AppLogs.strip(logs.get(0)));

      String trace = "\"trace_id\":\"" + request.get("trace_id").asText() + "\",\"span_id\":\""
          + request.get("span_id").asText() + "\",\"trace_flags\":\"01\"";
      String common = ",\"logger_name\":\"" + LOGGER + "\",\"thread_name\":\"HTTP-Dispatcher\"," + trace
          + ",\"mdc\":{\"user_id\":\"u-42\"},\"tenant\":\"acme\",\"request_id\":\"req-1\"";
      assertEquals(JSON.readTree("{\"level\":\"INFO\",\"message\":\"hello world\"" + common + "}"), AppLogs.strip(logs.get(1)));
      assertEquals(JSON.readTree("{\"level\":\"WARN\",\"message\":\"order 7 is slow\"" + common
          + ",\"attributes\":{\"order_id\":1234,\"paid\":true}}"), AppLogs.strip(logs.get(2)));

      com.fasterxml.jackson.databind.node.ObjectNode error = AppLogs.strip(logs.get(3));
      String stack = error.remove("exception_stacktrace").asText();
      assertEquals(JSON.readTree("{\"level\":\"ERROR\",\"message\":\"work failed\"" + common
          + ",\"exception_type\":\"java.lang.IllegalStateException\",\"exception_message\":\"outer\"}"), error);
      assertTrue(stack.startsWith("java.lang.IllegalStateException: outer\n\tat " + LOGGER + ".lambda$main$0("), stack);
      assertTrue(stack.contains("\nCaused by: java.lang.IllegalArgumentException: inner cause\n"), stack);
      assertFalse(stack.endsWith("\n"), stack);
      assertTrue(app.events().stream().noneMatch(e -> e.has("_schema_error")), app.events().toString());
      app.terminate();
      app.awaitExit(WAIT);
      console = app.stdout();
    }
    String plain;
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).withoutAgent().start()) {
      assertEquals(200, app.get("/work", "X-Request-ID", "req-1", "X-Tenant", "acme").status());
      Thread.sleep(500);
      app.terminate();
      app.awaitExit(WAIT);
      plain = app.stdout();
    }
    assertEquals(AppLogs.console(plain), AppLogs.console(console));
  }

  @Test
  void belowTheCaptureLevelNothingAndCaptureOffNothing() throws Exception {
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("lantern.logs.capture", "true")
        .sysProp("lantern.logs.capture.level", "WARN")
        .start()) {
      assertEquals(200, app.get("/work").status());
      List<JsonNode> logs = app.awaitExactly("log", 2, WAIT);
      assertEquals(List.of("WARN", "ERROR"), logs.stream().map(e -> e.get("level").asText()).collect(Collectors.toList()));
    }
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).start()) {
      assertEquals(200, app.get("/work").status());
      app.awaitEvents("http_request", 1, WAIT);
      Thread.sleep(500);
      assertEquals(List.of(), app.events("log"));
    }
  }


}
