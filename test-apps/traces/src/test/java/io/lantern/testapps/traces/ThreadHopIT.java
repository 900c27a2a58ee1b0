package io.lantern.testapps.traces;

import static io.lantern.testapps.traces.TracesItSupport.awaitLine;
import static io.lantern.testapps.traces.TracesItSupport.requestEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Jdks;
import io.lantern.harness.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Work the application hands to another thread runs with the request's span current: the SELECT
 * each {@code /hop/<kind>} endpoint runs on the other thread is a child of the request's server
 * span (seen through the log exporter's span events), and the line the hopped task logs through
 * logback carries the request's ids. On the default JDK (17) and on Temurin 25, where the JDK's
 * task classes differ and virtual-thread executors exist.
 */
class ThreadHopIT {
  static final List<String> HOPS = List.of("supply-async", "supply-async-executor", "then-apply-async", "pool-execute",
      "pool-submit", "scheduled", "forkjoin", "common-pool", "forkjoin-task", "thread-start");
  static final List<String> VIRTUAL_HOPS = List.of("virtual", "virtual-execute", "virtual-start");

  @Test
  void hopsKeepTheRequestsSpan() {
    assertHops(Optional.empty(), HOPS);
  }

  @Test
  void hopsKeepTheRequestsSpanOnTemurin25WithVirtualThreads() {
    Optional<Path> jdk = Jdks.temurin25();
    Assumptions.assumeTrue(jdk.isPresent(), "Temurin 25 is not installed");
    List<String> hops = new ArrayList<>(HOPS);
    hops.addAll(VIRTUAL_HOPS);
    assertHops(jdk, hops);
  }

  private static void assertHops(Optional<Path> javaHome, List<String> hops) {
    Path logback = TracesItSupport.tempFile("logback.log");
    AgentApp.Builder builder = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("app.logback.file", logback.toString())
        .sysProp("app.log4j2.file", TracesItSupport.tempFile("log4j2.log").toString())
        .sysProp("lantern.traces.exporter", "log");
    javaHome.ifPresent(builder::javaHome);
    try (AgentApp app = builder.start()) {
      for (String hop : hops) {
        Response response = app.get("/hop/" + hop);
        assertEquals(200, response.status(), hop + ": " + response.body());
        // the body ends with the name of the thread the statement ran on (empty for a virtual thread)
        String worker = response.body().substring(response.body().lastIndexOf(':') + 1);
        JsonNode request = requestEvent(app, "/hop/" + hop);
        String requestSpan = request.path("span_id").asText();
        long deadline = System.nanoTime() + TracesItSupport.WAIT.toNanos();
        List<JsonNode> children;
        do {
          children = TracesItSupport.childSpanEvents(app, requestSpan);
          if (children.isEmpty()) {
            TracesItSupport.sleep(100);
          }
        } while (children.isEmpty() && System.nanoTime() < deadline);
        assertEquals(1, children.size(), hop + ": " + children + "\n" + app.events("span"));
        JsonNode statement = children.get(0);
        assertEquals("SELECT users", statement.path("name").asText(), hop);
        assertEquals(request.path("trace_id").asText(), statement.path("trace_id").asText(), hop);
        String[] line = awaitLine(logback, "hop " + hop);
        assertEquals(request.path("trace_id").asText(), line[0], hop + ": " + String.join("|", line));
        assertEquals(requestSpan, line[1], hop + ": " + String.join("|", line));
        // logback names an unnamed virtual thread "virtual-<id>"
        assertEquals(worker.isEmpty() ? "virtual-" : worker, worker.isEmpty() ? line[3].replaceAll("\\d+$", "") : line[3],
            hop + ": logged on another thread than the statement ran on");
      }
    }
  }
}
