package io.lantern.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.EventLogSettings;
import io.lantern.agent.log.EventLogTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWarningsTest {
  @TempDir Path dir;

  @Test
  void heldUntilTheLogIsNamedThenEachOneConfigWarningEventInOrder() throws Exception {
    ConfigWarnings warnings = new ConfigWarnings();
    warnings.accept(new ConfigWarning("lantern.metrics.port", "abc", "9464"));
    warnings.accept(new ConfigWarning("lantern.log.queue-size", "-5", "8192"));
    Path file = dir.resolve("events.log");
    EventLog events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.FILE).file(file.toString()).build());
    warnings.emitTo(events);
    warnings.accept(new ConfigWarning("lantern.gen-ai.prices.file", "p.csv (line 4)", "built-in prices"));
    events.close();

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lines.add(new ObjectMapper().readTree(line));
    }
    assertEquals(3, lines.size(), lines.toString());
    JsonNode first = lines.get(0);
    assertEquals("config_warning", first.get("event").asText());
    assertEquals("WARN", first.get("level").asText());
    assertEquals("invalid value for lantern.metrics.port, using the default", first.get("message").asText());
    assertEquals("lantern.metrics.port", first.get("key").asText());
    assertEquals("abc", first.get("value").asText());
    assertEquals("9464", first.get("default").asText());
    assertEquals("lantern.log.queue-size", lines.get(1).get("key").asText());
    assertEquals("lantern.gen-ai.prices.file", lines.get(2).get("key").asText());
    assertEquals("p.csv (line 4)", lines.get(2).get("value").asText());
  }
}
