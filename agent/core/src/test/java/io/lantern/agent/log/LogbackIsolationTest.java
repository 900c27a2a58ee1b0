package io.lantern.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's own logback.xml (src/test/resources/logback.xml) is never read by EventLog. */
class LogbackIsolationTest {
  @TempDir Path dir;

  private static int slf4jState() throws Exception {
    Field f = org.slf4j.LoggerFactory.class.getDeclaredField("INITIALIZATION_STATE");
    f.setAccessible(true);
    return f.getInt(null);
  }

  @Test
  void applicationLogbackXmlIsNeverLoaded() throws Exception {
    URL appConfig = getClass().getClassLoader().getResource("logback.xml");
    assertNotNull(appConfig, "the test needs an application logback.xml on the classpath");
    Path marker = dir.resolve("app-logback-marker.log");
    String previous = System.setProperty("lantern.test.logback.marker", marker.toString());
    try {
      int slf4jBefore = slf4jState();
      Path file = dir.resolve("events.log");
      java.io.PrintStream out = System.out;
      java.io.PrintStream err = System.err;
      java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
      System.setOut(new java.io.PrintStream(console, true, "UTF-8"));
      System.setErr(new java.io.PrintStream(console, true, "UTF-8"));
      try {
        for (EventLogTarget target : EventLogTarget.values()) {
          EventLog log = EventLog.start(EventLogSettings.builder().target(target).file(file.toString())
              .service("svc").build());
          log.emit(FieldsEvent.of("isolation_check", Level.ERROR, "hello"));
          log.close();
        }
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
      assertEquals(2, new String(console.toByteArray(), StandardCharsets.UTF_8).split("\\R").length,
          "one line each on stdout and stderr, nothing else");
      assertFalse(Files.exists(marker), "EventLog must not configure logback from the application's logback.xml");
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertEquals(1, lines.size());
      assertTrue(lines.get(0).contains("\"event\":\"isolation_check\""));
      if (slf4jBefore == 0) {
        assertEquals(0, slf4jState(), "EventLog must not initialise SLF4J's static binding");
      }

      // control: the same logback.xml, when actually loaded, does create the marker
      LoggerContext appContext = new LoggerContext();
      JoranConfigurator jc = new JoranConfigurator();
      jc.setContext(appContext);
      jc.doConfigure(appConfig);
      appContext.getLogger("app").info("loaded");
      appContext.stop();
      assertTrue(Files.exists(marker), "control: loading the application's logback.xml creates the marker");
    } finally {
      if (previous == null) {
        System.clearProperty("lantern.test.logback.marker");
      } else {
        System.setProperty("lantern.test.logback.marker", previous);
      }
    }
  }
}
