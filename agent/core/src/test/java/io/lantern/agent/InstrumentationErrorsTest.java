package io.lantern.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.EventLogSettings;
import io.lantern.agent.log.EventLogTarget;
import io.lantern.agent.metrics.LanternMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstrumentationErrorsTest {
  @TempDir Path dir;

  @Test
  void everyErrorIsCountedButEventsAreRateLimitedPerInstrumentation() throws Exception {
    Path file = dir.resolve("events.log");
    EventLog events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.FILE).file(file.toString()).build());
    LanternMetrics metrics = new LanternMetrics(10);
    InstrumentationErrors errors = new InstrumentationErrors(metrics, events);
    for (int i = 0; i < 50; i++) {
      errors.report("servlet", new IllegalStateException("boom " + i));
    }
    errors.report("jdk-httpserver", new NullPointerException());
    events.close();

    assertEquals(50.0, metrics.registry().getSampleValue("lantern_instrumentation_errors_total",
        new String[] {"instrumentation"}, new String[] {"servlet"}));
    assertEquals(1.0, metrics.registry().getSampleValue("lantern_instrumentation_errors_total",
        new String[] {"instrumentation"}, new String[] {"jdk-httpserver"}));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(2, lines.size(), String.join("\n", lines));
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertEquals("instrumentation_error", first.get("event").asText());
    assertEquals("servlet", first.get("instrumentation").asText());
    assertTrue(first.get("error").asText().startsWith("java.lang.IllegalStateException: boom 0"), first.toString());
    assertEquals("jdk-httpserver", new ObjectMapper().readTree(lines.get(1)).get("instrumentation").asText());
  }
}
