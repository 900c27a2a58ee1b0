package io.lantern.testapps.applogs.log4j2;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * log4j2 records become {@code log} events with capture on, each exactly once and with the logging
 * thread's request trace: synchronous loggers, an {@code <AsyncLogger>} config, and, with log4j's
 * {@code AsyncLoggerContextSelector}, all-async loggers (ring buffer); ThreadContext as {@code mdc},
 * a {@code MapMessage} as {@code attributes}. The console output is the same lines as without the agent.
 */
class Log4j2CaptureIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String LOGGER = "io.lantern.testapps.applogs.log4j2.Log4j2App";

  @ParameterizedTest
  @ValueSource(strings = {"", "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector"})
  void eachRecordOnceWithTheLoggingThreadsTrace(String selector) throws Exception {
    String console;
    try (AgentApp app = builder(selector).sysProp("lantern.logs.capture", "true").start()) {
      assertEquals(200, app.get("/work", "X-Request-ID", "req-1").status());
      JsonNode request = app.awaitEvents("http_request", 1, WAIT).get(0);
      List<JsonNode> logs = app.awaitExactly("log", 5, WAIT);
      assertEquals(JSON.readTree("{\"level\":\"INFO\",\"message\":\"started\",\"logger_name\":\"" + LOGGER
          + "\",\"thread_name\":\"main\"}"), AppLogs.strip(logs.get(0)));
      String trace = ",\"thread_name\":\"HTTP-Dispatcher\",\"trace_id\":\"" + request.get("trace_id").asText()
          + "\",\"span_id\":\"" + request.get("span_id").asText() + "\",\"trace_flags\":\"01\","
          + "\"mdc\":{\"user_id\":\"u-42\"},\"request_id\":\"req-1\"";
      String common = ",\"logger_name\":\"" + LOGGER + "\"" + trace;
      assertEquals(JSON.readTree("{\"level\":\"INFO\",\"message\":\"hello world\"" + common + "}"), AppLogs.strip(logs.get(1)));
      assertEquals(JSON.readTree("{\"level\":\"WARN\",\"message\":\"order_id=\\\"1234\\\" paid=\\\"true\\\"\"" + common
          + ",\"attributes\":{\"order_id\":1234,\"paid\":true}}"), AppLogs.strip(logs.get(2)));
      assertEquals(JSON.readTree("{\"level\":\"INFO\",\"message\":\"from the async logger 3\",\"logger_name\":"
          + "\"io.lantern.testapps.applogs.log4j2.async.Worker\"" + trace + "}"), AppLogs.strip(logs.get(3)));
      ObjectNode error = AppLogs.strip(logs.get(4));
      String stack = error.remove("exception_stacktrace").asText();
      assertEquals(JSON.readTree("{\"level\":\"ERROR\",\"message\":\"work failed\"" + common
          + ",\"exception_type\":\"java.lang.IllegalStateException\",\"exception_message\":\"outer\"}"), error);
      assertTrue(stack.contains("\nCaused by: java.lang.IllegalArgumentException: inner cause\n"), stack);
      app.terminate();
      app.awaitExit(WAIT);
      console = app.stdout();
    }
    String plain;
    try (AgentApp app = builder(selector).withoutAgent().start()) {
      assertEquals(200, app.get("/work", "X-Request-ID", "req-1").status());
      Thread.sleep(500);
      app.terminate();
      app.awaitExit(WAIT);
      plain = app.stdout();
    }
    // the async logger's line is written by log4j's background thread, so in any order
    assertEquals(AppLogs.consoleLines(plain).sorted().collect(Collectors.toList()),
        AppLogs.consoleLines(console).sorted().collect(Collectors.toList()));
  }

  private static AgentApp.Builder builder(String selector) {
    AgentApp.Builder builder = AgentApp.builder(AgentApp.appJarFromProperty());
    return selector.isEmpty() ? builder : builder.sysProp("log4j2.contextSelector", selector);
  }


}
