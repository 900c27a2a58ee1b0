package io.lantern.testapps.traces;

import static io.lantern.testapps.traces.TracesItSupport.awaitLine;
import static io.lantern.testapps.traces.TracesItSupport.requestEvent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The application's own logback (pattern {@code %X{trace_id}|%X{span_id}|%X{trace_flags}} behind an
 * AsyncAppender) and log4j2 (the same pattern behind an Async appender) print the ids of the
 * request being handled, exactly those of the agent's {@code http_request} event, and nothing
 * outside a request. The app itself knows nothing of tracing.
 */
class LogCorrelationIT {
  @Test
  void logbackAndLog4j2LinesCarryTheRequestsIds() {
    Path logback = TracesItSupport.tempFile("logback.log");
    Path log4j2 = TracesItSupport.tempFile("log4j2.log");
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("app.logback.file", logback.toString())
        .sysProp("app.log4j2.file", log4j2.toString())
        .start()) {
      assertEquals(200, app.get("/log/logback").status());
      assertEquals(200, app.get("/log/log4j2").status());

      assertLineHasIds(awaitLine(logback, "inside logback"), requestEvent(app, "/log/logback"));
      assertLineHasIds(awaitLine(log4j2, "inside log4j2"), requestEvent(app, "/log/log4j2"));
      assertArrayEquals(new String[] {"", "", "", "main", "outside logback"}, awaitLine(logback, "outside logback"));
      assertArrayEquals(new String[] {"", "", "", "main", "outside log4j2"}, awaitLine(log4j2, "outside log4j2"));
    }
  }

  static void assertLineHasIds(String[] line, JsonNode request) {
    assertEquals(request.path("trace_id").asText(), line[0], String.join("|", line));
    assertEquals(request.path("span_id").asText(), line[1], String.join("|", line));
    assertEquals("01", line[2], String.join("|", line));
  }
}
