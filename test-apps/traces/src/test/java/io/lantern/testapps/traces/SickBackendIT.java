package io.lantern.testapps.traces;

import static io.lantern.testapps.traces.TraceExportIT.DROPPED;
import static io.lantern.testapps.traces.TraceExportIT.EXPORTED;
import static io.lantern.testapps.traces.TraceExportIT.FAILED;
import static io.lantern.testapps.traces.TraceExportIT.STARTUP_SPANS;
import static io.lantern.testapps.traces.TracesItSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import io.lantern.harness.Metrics;
import io.lantern.harness.OtlpReceiver;
import io.lantern.harness.ReceivedSpan;
import io.lantern.harness.Response;
import io.lantern.harness.SickOtlpEndpoint;
import io.lantern.harness.SickOtlpEndpoint.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A collector that hangs, answers 503 slowly or resets, under load: every request is answered, the
 * spans that cannot wait in the bounded queue are dropped and counted, one {@code span_export_error}
 * covers the whole failure streak, and once the collector heals the spans of later requests
 * arrive, id for id. And a Prometheus scrape that stalls mid-response: recording goes on, exactly.
 */
class SickBackendIT {
  /** A batch holds at most this many spans (BatchingSpanSink.MAX_BATCH). */
  static final int MAX_BATCH = 512;
  static final int REQUESTS_AFTER_HEALING = 5;
  static final String COUNT = "http_server_request_duration_seconds_count";
  static final int MISSING_TABLES = 1000;

  @Test
  void collectorThatNeverAnswers() {
    // 1 s for a batch, retries included, so the failure streak spans several batches quickly
    sickThenHealed(Mode.NEVER_ANSWERS, 1000);
  }

  @Test
  void collectorThatAnswers503Slowly() {
    // a 503 after 2 s is retried: two attempts fit into the 5 s a batch may take
    sickThenHealed(Mode.SLOW_503, 5000);
  }

  @Test
  void collectorThatResetsConnections() {
    sickThenHealed(Mode.RESETS, 1000);
  }

  private static void sickThenHealed(Mode mode, long timeoutMillis) {
    try (OtlpReceiver otlp = OtlpReceiver.start();
        SickOtlpEndpoint sick = SickOtlpEndpoint.start(mode, otlp);
        AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
            .sysProp("lantern.traces.exporter", "otlp")
            .sysProp("lantern.traces.otlp.endpoint", sick.endpoint())
            .sysProp("lantern.traces.otlp.timeout-ms", String.valueOf(timeoutMillis))
            .start()) {
      int answered;
      try (Load load = Load.start(app, "/db", 3)) {
        // sick long enough that at least two full batches failed (more than one batch of spans)
        // and the queue overflowed at least once
        app.awaitMetrics("two failed batches and a drop",
            m -> m.valueOrZero(FAILED, Map.of()) > MAX_BATCH && m.valueOrZero(DROPPED, Map.of()) > 0, WAIT);
        load.stop();
        assertEquals(0, load.failures(), load.failureSamples());
        answered = load.answeredCount();
        assertEquals(load.sent().size(), answered, "every request sent was answered");
      }
      assertTrue(sick.sickConnections() >= 2, "export attempts: " + sick.sickConnections());
      List<JsonNode> warnings = app.awaitExactly("span_export_error", 1, WAIT);
      assertEquals(sick.endpoint(), warnings.get(0).path("address").asText());

      sick.heal();
      // the backlog of the sick streak drains first (a batch still waiting on the sick collector,
      // then the full queue); a request made before that may find the queue full, rightly dropped
      int endedWhileSick = STARTUP_SPANS + 2 * answered;
      app.awaitMetrics("the sick streak's spans all exported, failed or dropped",
          s -> s.valueOrZero(EXPORTED, Map.of()) + s.valueOrZero(FAILED, Map.of()) + s.valueOrZero(DROPPED, Map.of())
              >= endedWhileSick, WAIT);
      List<String> healedSpanIds = new ArrayList<>();
      for (int i = 0; i < REQUESTS_AFTER_HEALING; i++) {
        String id = "healed-" + i;
        Response r = app.rawGet("/db", "X-Request-ID", id).orElseThrow();
        assertEquals(200, r.status());
        healedSpanIds.add(TracesItSupport.requestEventWith(app, "request_id", id).path("span_id").asText());
      }
      int requests = answered + REQUESTS_AFTER_HEALING;
      assertEquals(requests, app.awaitExactly("http_request", requests, WAIT).size());

      // export resumed: the server span of every request made after healing arrived
      long deadline = System.nanoTime() + WAIT.toNanos();
      Set<String> received;
      do {
        received = otlp.spans().stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
      } while (!received.containsAll(healedSpanIds) && System.nanoTime() < deadline && sleep());
      assertTrue(received.containsAll(healedSpanIds), "after healing: " + healedSpanIds + " not all in " + received.size());

      // every span accounted for exactly once, and what was counted exported is what arrived
      int spans = STARTUP_SPANS + 2 * requests;
      Metrics m = app.awaitMetrics("every span exported, failed or dropped",
          s -> s.valueOrZero(EXPORTED, Map.of()) + s.valueOrZero(FAILED, Map.of()) + s.valueOrZero(DROPPED, Map.of())
              >= spans, WAIT);
      assertEquals(spans, m.value(EXPORTED, Map.of()) + m.value(FAILED, Map.of()) + m.value(DROPPED, Map.of()), m.text());
      // What was counted exported arrived. One batch more may have arrived too: the attempt in
      // flight when the collector healed is retried on a healthy connection, and when its answer
      // comes after the batch's deadline (1 s here, on a loaded 2-core CI machine) the batch is
      // counted failed although the collector has it; HTTP export is at least once (seen in CI:
      // 2293 received, 1781 counted exported).
      double exported = m.value(EXPORTED, Map.of());
      int arrived = otlp.spans().size();
      assertTrue(arrived == exported || arrived == exported + MAX_BATCH,
          "arrived " + arrived + ", counted exported " + exported + "\n" + m.text());
      // one warning for the whole streak, none after healing
      assertEquals(1, app.events("span_export_error").size());
    }
  }

  @Test
  void stalledScrapeDoesNotHoldRecording() throws IOException {
    int requests = 300;
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty()).start();
        Socket stalled = new Socket()) {
      // 1000 statement series make /metrics ~2.6 MB, more than the kernel buffers between the two
      // ends hold (the server's send buffer grows to ~4 MB of accounting, ~1.6 MB of payload)
      for (int i = 0; i < MISSING_TABLES; i++) {
        assertEquals(200, app.rawGet("/missing/" + i).orElseThrow().status());
      }
      assertEquals(200, app.rawGet("/db").orElseThrow().status());
      app.awaitEvents("http_request", MISSING_TABLES + 1, WAIT);
      // a scraper that asks, reads one byte and stops reading, with a receive window as small as
      // the kernel allows: the endpoint's write of the rest blocks
      stalled.setReceiveBufferSize(256);
      stalled.connect(new InetSocketAddress("localhost", app.metricsPort()), 5000);
      OutputStream out = stalled.getOutputStream();
      out.write(("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = stalled.getInputStream();
      assertEquals('H', in.read(), "the stalled scrape got its first byte");
      awaitMetricsThreadBlockedInWrite(app);

      for (int i = 0; i < requests; i++) {
        assertEquals(200, app.rawGet("/db").orElseThrow().status());
      }
      // a second scrape, while the first is still stalled, sees every request, exactly
      List<JsonNode> lines = app.awaitExactly("http_request", MISSING_TABLES + 1 + requests, WAIT);
      assertEquals(requests + 1, lines.stream().filter(e -> "/db".equals(e.path("url_path").asText())).count());
      Metrics m = app.scrape();
      assertEquals(requests + 1, m.sum(COUNT, l -> "/db".equals(l.get("http_route"))), m.describe(COUNT));
      assertTrue(threadBlockedInWrite(app.threadDump()), "the first scrape is still stalled");
    }
  }

  /** Fails unless one of the endpoint's threads is (within 10 s) inside a socket write. */
  private static void awaitMetricsThreadBlockedInWrite(AgentApp app) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String dump;
    do {
      dump = app.threadDump();
      if (threadBlockedInWrite(dump)) {
        return;
      }
      TracesItSupport.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no metrics endpoint thread is blocked writing the stalled scrape:\n" + dump);
  }

  /** Whether a thread of the endpoint's pool ({@code lantern-metrics-http-*}) is in a socket write. */
  static boolean threadBlockedInWrite(String dump) {
    for (String thread : dump.split("\n\n")) {
      if (thread.startsWith("\"lantern-metrics-http-") && thread.contains("SocketDispatcher.write")) {
        return true;
      }
    }
    return false;
  }

  private static boolean sleep() {
    TracesItSupport.sleep(100);
    return true;
  }
}
