package io.lantern.agent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.agent.InstrumentationErrors;
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

class SdkApiTest {
  /** An SDK model as the module was written against. */
  public interface Response {
    String model();
  }

  /** The same model after an SDK release renamed {@code usage()} to {@code tokenUsage()}. */
  public static final class RenamedResponse implements Response {
    @Override
    public String model() {
      return "m";
    }

    public Long tokenUsage() {
      return 3L;
    }
  }

  /** The other side of a union the module tries both sides of: not a Response. */
  public static final class Other {}

  /** An older version, where {@code options()} was {@code defaultOptions()}. */
  public static final class OlderResponse implements Response {
    @Override
    public String model() {
      return "old";
    }

    public String defaultOptions() {
      return "defaults";
    }
  }

  @TempDir Path dir;

  @Test
  void missingNamesWhatTheLibraryLacks() {
    SdkApi api = new SdkApi("test");
    SdkApi.Type response = api.type(Response.class.getName(), RenamedResponse.class.getName());
    response.accessor("model");
    response.accessor("usage");
    api.type(Response.class.getName()).accessor("options", "defaultOptions");
    api.type("com.example.Gone").accessor("x");
    assertEquals(List.of(Response.class.getName() + ".usage()", RenamedResponse.class.getName() + ".usage()",
        Response.class.getName() + ".options()|defaultOptions()", "com.example.Gone (no such class)"),
        api.missing(getClass().getClassLoader()));
    assertEquals(4, api.accessors().size());
  }

  @Test
  void aMissOnTheDeclaredTypeIsReportedOncePerClassAndStillReadsAsAbsent() throws Exception {
    Path file = dir.resolve("events.log");
    EventLog events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.FILE).file(file.toString()).build());
    LanternMetrics metrics = new LanternMetrics(10);
    SdkApi api = new SdkApi("some-sdk");
    SdkApi.Type response = api.type(Response.class.getName());
    Accessor usage = response.accessor("usage");
    Accessor model = response.accessor("model");
    Accessor options = response.accessor("options", "defaultOptions");
    api.reportTo(new InstrumentationErrors(metrics, events));

    for (int i = 0; i < 3; i++) {
      assertNull(Getters.get(new RenamedResponse(), usage), "absent, as before");
      assertEquals("m", Getters.get(new RenamedResponse(), model));
      assertNull(Getters.get(new Other(), usage), "another type's accessor: absent by design, not reported");
      assertEquals("defaults", Getters.get(new OlderResponse(), options), "an older version's name");
    }
    events.close();

    assertEquals(1.0, metrics.registry().getSampleValue("lantern_instrumentation_errors_total",
        new String[] {"instrumentation"}, new String[] {"some-sdk"}), "once per (class, accessor)");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(1, lines.size(), String.join("\n", lines));
    JsonNode event = new ObjectMapper().readTree(lines.get(0));
    assertEquals("instrumentation_error", event.get("event").asText());
    assertEquals("some-sdk", event.get("instrumentation").asText());
    String error = event.get("error").asText();
    assertTrue(error.contains(Response.class.getName() + ".usage() is gone from " + RenamedResponse.class.getName()), error);
  }
}
