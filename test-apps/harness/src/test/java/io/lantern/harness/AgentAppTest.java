package io.lantern.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness against {@link FakeApp} (no agent involved). */
class AgentAppTest {
  @TempDir
  static Path tmp;
  static Path jar;

  @BeforeAll
  static void buildJar() throws IOException {
    jar = tmp.resolve("fake.jar");
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeApp.class.getName());
    Path classes = Path.of(FakeApp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Path pkg = classes.resolve("io/lantern/harness");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, mf);
        Stream<Path> files = Files.list(pkg)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.startsWith("FakeApp")) {
          jos.putNextEntry(new JarEntry("io/lantern/harness/" + name));
          jos.write(Files.readAllBytes(f));
          jos.closeEntry();
        }
      }
    }
  }

  @Test
  void startsTalksAndReadsEvents() {
    Path dir;
    try (AgentApp app = AgentApp.builder(jar).withoutAgent().start()) {
      assertTrue(app.appPort() > 0);
      assertEquals("http://localhost:" + app.appPort(), app.baseUri().toString());
      Response r = app.get("/hello", "X-Request-ID", "r1");
      assertEquals(200, r.status());
      assertEquals("hello", r.body());
      assertEquals("5", r.header("content-length"));
      assertEquals(1, app.awaitExactly("http_request", 1, Duration.ofSeconds(5)).size());
      assertEquals("r1", app.events("http_request").get(0).get("request_id").asText());

      Optional<Response> raw = app.rawGet("/hello", "X-Request-ID", "r2");
      assertEquals(200, raw.orElseThrow().status());
      assertEquals("hello", raw.get().body());
      assertTrue(app.rawGet("/error").isEmpty(), "JDK HttpServer closes the connection when a handler throws");

      assertEquals(1.0, app.scrape().value("x_count", Map.of("a", "b")));
      assertEquals("t", app.scrapeOpenMetrics().exemplars("x_bucket").get(0).traceId());
      assertTrue(app.stdout().contains("some noise"));
      assertTrue(app.command().stream().noneMatch(a -> a.startsWith("-javaagent")));
      assertTrue(app.command().contains("-Dapp.port=0"));

      app.get("/garbage");
      AssertionError e = assertThrows(AssertionError.class, app::events);
      assertTrue(e.getMessage().contains("not json"), e.getMessage());
      dir = app.logFile().getParent();
      assertTrue(Files.isDirectory(dir));
    }
    assertFalse(Files.exists(dir), "temp dir removed on close");
  }

  @Test
  void sysPropReplacesTheDefault() {
    Path log = tmp.resolve("custom.log");
    try (AgentApp app = AgentApp.builder(jar).withoutAgent().sysProp("lantern.log.file", log.toString()).start()) {
      assertEquals(log, app.logFile());
      app.get("/hello");
      app.awaitEvents("http_request", 1, Duration.ofSeconds(5));
      assertTrue(Files.exists(log));
      assertEquals(1, app.command().stream().filter(a -> a.startsWith("-Dlantern.log.file=")).count());
    }
  }

  @Test
  void failsWithTheChildsOutputWhenItDies() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> AgentApp.builder(jar).withoutAgent().sysProp("fake.die", "true").start());
    assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    assertTrue(e.getMessage().contains("fake app refuses to start"), e.getMessage());
  }

  @Test
  void missingAgentJarIsAClearError() {
    String old = System.getProperty(AgentApp.AGENT_JAR_PROPERTY);
    System.setProperty(AgentApp.AGENT_JAR_PROPERTY, tmp.resolve("nope.jar").toString());
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> AgentApp.builder(jar).start());
      assertTrue(e.getMessage().contains("nope.jar"), e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty(AgentApp.AGENT_JAR_PROPERTY);
      } else {
        System.setProperty(AgentApp.AGENT_JAR_PROPERTY, old);
      }
    }
  }
}
