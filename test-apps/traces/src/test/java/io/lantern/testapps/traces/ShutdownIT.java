package io.lantern.testapps.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.harness.OtlpReceiver;
import io.lantern.harness.ReceivedSpan;
import io.lantern.harness.SickOtlpEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JVM going away under load. SIGTERM: the agent's shutdown hook flushes queued spans (at most
 * 5 s) and then the queued events (at most 2 s), so every request answered before the signal has
 * its {@code http_request} line and its span at the collector, and the JVM exits in time even when
 * the collector hangs. SIGKILL: no hook runs; the event file loses at most what was queued, and
 * every line before the last is whole JSON.
 */
class ShutdownIT {
  /** Spans' 5 s and events' 2 s in the agent's shutdown hook, plus the JVM's own exit. */
  static final Duration EXIT_BOUND = Duration.ofSeconds(10);
  static final int LOAD_THREADS = 2;
  /** Pause of each load thread after each answer in the span-flush test. */
  static final long PACE_MILLIS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AgentApp.Builder app() {
    return AgentApp.builder(AgentApp.appJarFromProperty());
  }

  @Test
  void sigtermDuringLoadWritesEveryAnsweredRequestAndExportsItsSpan() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        AgentApp app = app()
            .sysProp("lantern.traces.exporter", "otlp")
            .sysProp("lantern.traces.otlp.endpoint", otlp.endpoint())
            .start()) {
      // paced (~400 spans/s at most): the 2048-span queue then holds seconds of spans, so none is
      // dropped for a full queue while the busy machine starves the exporter thread a moment; what
      // is checked is the flush at the signal, not the queue's capacity (SickBackendIT's part)
      Load load = Load.start(app, "/db", LOAD_THREADS, PACE_MILLIS);
      load.awaitAnswered(500);
      // a healthy collector never fails a batch, however quickly batches follow each other
      Metrics m = app.scrape();
      assertEquals(0.0, m.value(TraceExportIT.FAILED, Map.of()), m.text());
      assertEquals(0.0, m.value(TraceExportIT.DROPPED, Map.of()), m.text());
      long signal = terminateAndAwaitExit(app);
      load.stop();

      List<String> answered = load.answeredBefore(signal);
      Map<String, JsonNode> lines = requestLines(app, load.sent());
      for (String id : answered) {
        assertTrue(lines.containsKey(id), id + " was answered before SIGTERM but has no http_request line; "
            + lines.size() + " lines for " + answered.size() + " answered");
      }
      Set<String> received = otlp.spans().stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
      List<String> missing = answered.stream().map(id -> lines.get(id).path("span_id").asText())
          .filter(spanId -> !received.contains(spanId)).collect(Collectors.toList());
      assertEquals(List.of(), missing, "server spans of requests answered before SIGTERM not at the collector");
    }
  }

  @Test
  void sigtermWithACollectorThatNeverAnswersStillExitsInTimeWithEveryEvent() {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        SickOtlpEndpoint sick = SickOtlpEndpoint.start(SickOtlpEndpoint.Mode.NEVER_ANSWERS, otlp);
        AgentApp app = app()
            .sysProp("lantern.traces.exporter", "otlp")
            .sysProp("lantern.traces.otlp.endpoint", sick.endpoint()) // the default 10 s timeout
            .start()) {
      Load load = Load.start(app, "/db", LOAD_THREADS);
      load.awaitAnswered(500);
      long deadline = System.nanoTime() + TracesItSupport.WAIT.toNanos();
      while (sick.sickConnections() == 0 && System.nanoTime() < deadline) {
        TracesItSupport.sleep(20); // the exporter thread is now waiting on a batch
      }
      assertTrue(sick.sickConnections() > 0, "the exporter never tried the collector");
      long signal = terminateAndAwaitExit(app);
      load.stop();

      List<String> answered = load.answeredBefore(signal);
      Map<String, JsonNode> lines = requestLines(app, load.sent());
      List<String> missing = answered.stream().filter(id -> !lines.containsKey(id)).collect(Collectors.toList());
      assertEquals(List.of(), missing, "answered before SIGTERM, no http_request line");
    }
  }

  @Test
  void sigkillDuringLoadLosesAtMostTheQueueAndLeavesEveryEarlierLineWhole() throws IOException {
    int queueSize = 256;
    try (AgentApp app = app().sysProp("lantern.log.queue-size", String.valueOf(queueSize)).start()) {
      Load load = Load.start(app, "/db", LOAD_THREADS);
      load.awaitAnswered(2000);
      long kill = System.nanoTime();
      app.kill();
      assertTrue(app.awaitExit(EXIT_BOUND), "SIGKILL did not end the JVM");
      load.stop();

      String text = new String(Files.readAllBytes(app.logFile()), StandardCharsets.UTF_8);
      int lastNewline = text.lastIndexOf('\n');
      String[] complete = text.substring(0, lastNewline).split("\n", -1);
      for (int i = 0; i < complete.length; i++) {
        JsonNode node;
        try {
          node = JSON.readTree(complete[i]);
        } catch (IOException e) {
          throw new AssertionError("line " + (i + 1) + " of " + complete.length + " is not JSON: " + complete[i], e);
        }
        assertTrue(node != null && node.isObject(), "line " + (i + 1) + " is not a JSON object: " + complete[i]);
      }
      // the writer's buffer goes to the file in fixed-size chunks, so the file may end inside a line
      String partial = text.substring(lastNewline + 1);
      System.out.println("after SIGKILL: " + complete.length + " whole lines, unterminated tail of "
          + partial.length() + " chars");

      List<String> answered = load.answeredBefore(kill);
      Map<String, JsonNode> lines = requestLines(app, load.sent());
      long lost = answered.stream().filter(id -> !lines.containsKey(id)).count();
      // lost: the queue, the batch the writer had formatted but not flushed, the requests whose
      // event was not yet queued when their answer went out
      long bound = queueSize + 512 + LOAD_THREADS;
      assertTrue(lost <= bound, lost + " of " + answered.size() + " answered requests have no line; at most " + bound);
    }
  }

  /** SIGTERM, then waits for the exit, which must come within {@link #EXIT_BOUND}; returns the signal's nanoTime. */
  private static long terminateAndAwaitExit(AgentApp app) {
    long signal = System.nanoTime();
    app.terminate();
    boolean exited = app.awaitExit(EXIT_BOUND);
    long tookMillis = (System.nanoTime() - signal) / 1_000_000;
    assertTrue(exited, "the JVM did not exit within " + EXIT_BOUND + " of SIGTERM\n" + app.diagnostics());
    System.out.println("exited " + tookMillis + " ms after SIGTERM");
    return signal;
  }

  /**
   * The {@code http_request} lines by request id: each id at most once, and each one the load sent.
   */
  private static Map<String, JsonNode> requestLines(AgentApp app, Set<String> sent) {
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode e : app.events("http_request")) {
      String id = e.path("request_id").asText();
      if (!sent.contains(id)) {
        fail("http_request line for a request never sent: " + e);
      }
      if (byId.put(id, e) != null) {
        fail("two http_request lines for " + id);
      }
    }
    return byId;
  }
}
