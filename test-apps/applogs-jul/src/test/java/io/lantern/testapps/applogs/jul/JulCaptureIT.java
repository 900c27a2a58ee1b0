package io.lantern.testapps.applogs.jul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.AppLogs;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * java.util.logging records (JDK bootstrap classes) become {@code log} events with capture on:
 * only those the logger's level and filter let through, with the request's trace, the message
 * formatted, the exception with its cause; the app's console (stderr) is unchanged.
 */
class JulCaptureIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String LOGGER = "io.lantern.testapps.applogs.jul.JulApp";

  @Test
  void recordsTheLoggerLetsThroughAreLogEvents() throws Exception {
    String console;
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("lantern.logs.capture", "true")
        .start()) {
      awaitCapturing(app);
      assertEquals(200, app.get("/work", "X-Request-ID", "req-1").status());
      List<JsonNode> logs = awaitWork(app, 3);
      JsonNode request = null;
      for (int i = 0; i < 100 && request == null; i++) {
        request = app.events("http_request").stream()
            .filter(e -> e.get("url_path").asText().equals("/work")).findFirst().orElse(null);
        Thread.sleep(100);
      }
      String common = ",\"logger_name\":\"" + LOGGER + "\",\"thread_name\":\"HTTP-Dispatcher\",\"trace_id\":\""
          + request.get("trace_id").asText() + "\",\"span_id\":\"" + request.get("span_id").asText()
          + "\",\"trace_flags\":\"01\",\"request_id\":\"req-1\"";
      assertEquals(JSON.readTree("{\"level\":\"INFO\",\"message\":\"hello world\"" + common + "}"), AppLogs.strip(logs.get(0)));
      assertEquals(JSON.readTree("{\"level\":\"WARN\",\"message\":\"order 7 is slow\"" + common + "}"), AppLogs.strip(logs.get(1)));
      ObjectNode error = AppLogs.strip(logs.get(2));
      String stack = error.remove("exception_stacktrace").asText();
      assertEquals(JSON.readTree("{\"level\":\"ERROR\",\"message\":\"work failed\"" + common
          + ",\"exception_type\":\"java.lang.IllegalStateException\",\"exception_message\":\"outer\"}"), error);
      assertTrue(stack.startsWith("java.lang.IllegalStateException: outer\n\tat "), stack);
      assertTrue(stack.contains("\nCaused by: java.lang.IllegalArgumentException: inner cause\n"), stack);
      app.terminate();
      app.awaitExit(WAIT);
      console = app.stderr();
    }
    String plain;
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).withoutAgent().start()) {
      assertEquals(200, app.get("/work", "X-Request-ID", "req-1").status());
      Thread.sleep(500);
      app.terminate();
      app.awaitExit(WAIT);
      plain = app.stderr();
    }
    assertEquals(AppLogs.console(plain, " - ping", " - started"), AppLogs.console(console, " - ping", " - started"));
  }

  @Test
  void captureOffCapturesNothing() throws Exception {
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).start()) {
      Thread.sleep(3000); // longer than capture takes to be woven when it is on
      assertEquals(200, app.get("/work").status());
      app.awaitEvents("http_request", 1, WAIT);
      Thread.sleep(500);
      assertEquals(List.of(), app.events("log"));
    }
  }

  /**
   * The JDK's {@code Logger} is loaded during premain and retransformed once Byte Buddy is ready:
   * records logged before that are not captured (see README). Pings until one is.
   */
  static void awaitCapturing(AgentApp app) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (app.events("log").stream().noneMatch(e -> e.get("message").asText().equals("ping"))) {
      assertTrue(System.nanoTime() < deadline, "no ping captured\n" + app.diagnostics());
      app.get("/ping");
      Thread.sleep(200);
    }
  }

  /** The {@code log} events of {@code /work}: exactly {@code count}, none but pings and the start-up line besides. */
  static List<JsonNode> awaitWork(AgentApp app, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<JsonNode> work;
    do {
      Thread.sleep(200);
      work = app.events("log").stream().filter(e -> !e.get("message").asText().matches("ping|started"))
          .collect(Collectors.toList());
    } while (work.size() < count && System.nanoTime() < deadline);
    Thread.sleep(500);
    work = app.events("log").stream().filter(e -> !e.get("message").asText().matches("ping|started"))
        .collect(Collectors.toList());
    assertEquals(count, work.size(), work.toString());
    return work;
  }


}
