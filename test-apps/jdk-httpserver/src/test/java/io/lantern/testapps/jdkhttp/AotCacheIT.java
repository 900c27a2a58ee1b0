package io.lantern.testapps.jdkhttp;

import static io.lantern.harness.HttpServerAgentSuite.COUNT;
import static io.lantern.harness.HttpServerAgentSuite.WAIT;
import static io.lantern.harness.HttpServerAgentSuite.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Jdks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, JDK 25's AOT cache (JEP 483/514/515) with the agent, the README's recipe step by step:
 * a training run with the agent attached writes the AOT configuration (the JVM used to crash writing
 * it: the agent now leaves the JVM's own {@code java.lang.Thread} and {@code VirtualThread} unwoven
 * in such a run, and says so in {@code agent_start}); the cache is assembled without the agent; a
 * production run with the cache and the agent measures every request, and takes the agent's and the
 * application's classes from the cache (no bootstrap search path appended, so sharing stays on for
 * every class loader).
 */
class AotCacheIT {
  private static final int REQUESTS = 20;

  @TempDir
  Path dir;

  @Test
  void trainingRunAssemblyAndProductionRunWithTheAgent() throws Exception {
    Optional<Path> jdk = Jdks.temurin25();
    assumeTrue(jdk.isPresent(), "Temurin 25 is not installed");
    Path configuration = dir.resolve("app.aotconf");
    Path cache = dir.resolve("app.aot");
    Path classLog = dir.resolve("classes.txt");

    try (AgentApp training = AgentApp.builder(AgentApp.appJarFromProperty())
        .javaHome(jdk.get())
        .jvmArg("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration)
        .start()) {
      requests(training);
      JsonNode started = training.awaitEvents("agent_start", 1, WAIT).get(0);
      assertEquals(List.of("java.lang.Thread", "java.lang.VirtualThread"), strings(started.get("unwoven_classes")),
          started.toString());
      training.terminate();
      assertTrue(training.awaitExit(Duration.ofSeconds(60)), "the training run did not exit\n" + training.diagnostics());
      assertTrue(training.stdout().contains("AOTConfiguration recorded"), training.diagnostics());
      assertTrue(Files.size(configuration) > 0, training.diagnostics());
    }

    // Assembled without the agent: with -javaagent (java.instrument) Temurin 25.0.3 crashes writing the cache.
    Process assembly = new ProcessBuilder(jdk.get().resolve("bin/java").toString(), "-XX:AOTMode=create",
        "-XX:AOTConfiguration=" + configuration, "-XX:AOTCache=" + cache, "-jar", AgentApp.appJarFromProperty().toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("assembly.txt").toFile()).start();
    assertTrue(assembly.waitFor(120, TimeUnit.SECONDS), "assembly did not finish");
    String assemblyOutput = Files.readString(dir.resolve("assembly.txt"), StandardCharsets.UTF_8);
    assertEquals(0, assembly.exitValue(), assemblyOutput);
    assertTrue(Files.size(cache) > 0, assemblyOutput);

    try (AgentApp production = AgentApp.builder(AgentApp.appJarFromProperty())
        .javaHome(jdk.get())
        .jvmArg("-XX:AOTCache=" + cache, "-Xlog:class+load:file=" + classLog)
        .start()) {
      requests(production);
      production.awaitMetric(COUNT, server("/hello", 200, ""), REQUESTS, WAIT);
      JsonNode started = production.awaitEvents("agent_start", 1, WAIT).get(0);
      assertFalse(started.has("unwoven_classes"), started.toString());
      String output = production.stdout() + production.stderr();
      for (String failure : List.of("Unable to map shared spaces", "Loading static archive failed",
          "Sharing is only supported for boot loader classes")) {
        assertFalse(output.contains(failure), output);
      }
      List<String> classes = Files.readAllLines(classLog, StandardCharsets.UTF_8);
      for (String shared : List.of("io.lantern.agent.AgentStarter", "io.lantern.shaded.net.bytebuddy.asm.Advice",
          JdkHttpServerApp.class.getName())) {
        assertTrue(classes.stream().anyMatch(l -> l.contains(" " + shared + " source: shared objects file")),
            shared + " is not taken from the AOT cache\n" + String.join("\n", classes.subList(0, Math.min(40, classes.size()))));
      }
    }
  }

  private static void requests(AgentApp app) {
    for (int i = 0; i < REQUESTS; i++) {
      assertEquals(200, app.get("/hello").status(), app.diagnostics());
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
