package io.lantern.testapps.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lantern.harness.AgentApp;
import io.lantern.harness.HttpServerAgentSuite;
import io.lantern.harness.Jdks;
import io.lantern.harness.Metrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "Threads": on Temurin 25 with a virtual thread per request, 10,000 requests held
 * concurrently in their handlers ({@link VirtualThreadLoad}'s gate), each running a JDBC statement
 * and every tenth an outbound call, while JFR records every pinned park ({@code
 * jdk.VirtualThreadPinned}, threshold 0). No pinned park may have a frame of the agent's, and every
 * count is exact.
 *
 * <p>Why JFR and nothing else: {@code -Djdk.tracePinnedThreads} is gone since JDK 24 (JEP 491,
 * monitors no longer pin), and on JDK 25 a virtual thread that parks or waits for a monitor without
 * pinning is recorded by neither {@code jdk.ThreadPark} nor {@code jdk.JavaMonitorEnter} (tried:
 * 10,000 parks at the gate, none recorded). So this test proves "no pin"; "no lock on a request
 * path" is proven by reading the agent's bytecode ({@code RequestPathLocksTest} in the agent
 * module). {@code lantern.metrics.max-series} two above the schema's series sends half of the
 * statements past the cap, so the overflow path runs under the same load.
 */
class VirtualThreadPinningIT {
  private static final int REQUESTS = 10_000;
  /** The app's schema: CREATE TABLE and INSERT per table, one db series each. */
  private static final int SETUP_SERIES = 2 * VirtualThreadLoad.TABLES;
  private static final String DB_COUNT = "db_client_operation_duration_seconds_count";
  private static final String CLIENT_COUNT = "http_client_request_duration_seconds_count";
  private static final String SERVER_COUNT = "http_server_request_duration_seconds_count";
  private static final String PINNED = "jdk.VirtualThreadPinned";
  /** Tables 1, 2, 3, 0 in that order, then an outbound call (see {@link VirtualThreadLoad}). */
  private static final List<Integer> WARM_UP = List.of(-1, -2, -3, -4, -10);

  @TempDir
  Path dir;

  @Test
  void tenThousandConcurrentRequestsPinNoCarrierInAnAgentFrame() throws Exception {
    Optional<Path> jdk = Jdks.temurin25();
    assumeTrue(jdk.isPresent(), "Temurin 25 is not installed");
    Path settings = writeSettings();
    Path recording = dir.resolve("load.jfr");
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .javaHome(jdk.get())
        .jvmArg("-XX:StartFlightRecording=name=vt,settings=" + settings,
            // deep enough for H2 under the JDK server under a virtual thread, with the agent's frames on top
            "-XX:FlightRecorderOptions=stackdepth=256")
        .sysProp("sun.net.httpserver.nodelay", "true")
        // The server closes a connection that goes idle past this many idle ones (200 by default);
        // the app's HttpClient would then reuse a closed one for a later outbound POST and fail it.
        .sysProp("sun.net.httpserver.maxIdleConnections", String.valueOf(2 * REQUESTS))
        .sysProp("app.virtual-threads", "true")
        .sysProp("app.vt.gate", String.valueOf(REQUESTS))
        .sysProp("app.backlog", "4096")
        .sysProp("lantern.metrics.max-series", String.valueOf(SETUP_SERIES + 2))
        .start()) {
      assertTrue(app.stdout().contains("EXECUTOR virtual"), app.stdout());

      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(60)).build();
      warmUp(app, client);
      Metrics before = app.awaitMetric(SERVER_COUNT, server("POST", "/vt/"), WARM_UP.size(), Duration.ofSeconds(30));

      List<String> bodies = sendAll(app, client);
      long open = bodies.stream().filter(b -> b.startsWith("open ")).count();
      assertEquals(REQUESTS, open, "requests whose gate did not open (fewer were in flight together): "
          + bodies.stream().filter(b -> !b.startsWith("open ")).limit(5).collect(Collectors.toList()));

      Metrics m = app.awaitMetric(SERVER_COUNT, server("POST", "/vt/"), WARM_UP.size() + REQUESTS, Duration.ofSeconds(30));
      int outbound = REQUESTS / VirtualThreadLoad.OUTBOUND_EVERY;
      assertEquals(outbound, delta(before, m, SERVER_COUNT, l -> l.equals(server("POST", "/hello"))));
      assertEquals(outbound, delta(before, m, CLIENT_COUNT, l -> true), m.describe(CLIENT_COUNT));
      assertStatementsCountedPastTheCap(before, m);

      jcmd(jdk.get(), app.pid(), "JFR.dump", "name=vt", "filename=" + recording);
    }
    assertNoPinInTheAgent(recording);
  }

  /**
   * One request down each path first, one at a time: every table (two get series, two overflow)
   * and an outbound call. Without it the 10,000 simultaneous first requests all resolve the same
   * not-yet-loaded classes, the agent's as much as the JDK's and H2's, and the JVM pins every
   * virtual thread that waits for another to load a class it resolves (JEP 491 left class loading
   * pinned): those pins are the JVM's cold start, not a lock of the agent's, and would show in
   * any class the first request uses.
   */
  private static void warmUp(AgentApp app, HttpClient client) throws Exception {
    for (int n : WARM_UP) {
      HttpResponse<String> r = client.send(post(app, n), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), "warm-up " + n + ": " + r.body());
    }
  }

  private static HttpRequest post(AgentApp app, int n) {
    return HttpRequest.newBuilder(URI.create(app.baseUri() + "/vt/" + n))
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(90)).build();
  }

  /** Every request at once, each on a connection of its own (HTTP/1.1 opens one per request in flight). */
  private static List<String> sendAll(AgentApp app, HttpClient client) throws Exception {
    List<CompletableFuture<String>> answers = new ArrayList<>(REQUESTS);
    for (int n = 0; n < REQUESTS; n++) {
      answers.add(client.sendAsync(post(app, n), HttpResponse.BodyHandlers.ofString())
          .thenApply(r -> r.statusCode() == 200 ? r.body() : "status " + r.statusCode())
          .exceptionally(Throwable::toString));
    }
    CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
    return answers.stream().map(CompletableFuture::join).collect(Collectors.toList());
  }

  /**
   * With the cap two series above the schema's, the first two tables the warm-up met get a SELECT
   * series each, 2,500 of the load's statements apiece, and the other two go to {@code _OTHER}:
   * 5,000 statements, each counted as overflow.
   */
  private static void assertStatementsCountedPastTheCap(Metrics before, Metrics m) {
    int perTable = REQUESTS / VirtualThreadLoad.TABLES;
    Map<String, Double> byTable = new LinkedHashMap<>();
    for (Metrics.Sample s : m.samples(DB_COUNT)) {
      if ("SELECT".equals(s.labels().get("db_operation_name"))) {
        byTable.put(s.labels().get("db_collection_name"), s.value() - before.valueOrZero(DB_COUNT, s.labels()));
      }
    }
    assertEquals(Map.of("items_1", (double) perTable, "items_2", (double) perTable, "_OTHER", 2.0 * perTable), byTable);
    assertEquals(2.0 * perTable, delta(before, m, "lantern_metric_series_overflow_total",
        l -> "db_client_operation_duration_seconds".equals(l.get("metric"))), m.describe("lantern_metric_series_overflow_total"));
  }

  private static double delta(Metrics before, Metrics after, String sample, Predicate<Map<String, String>> labels) {
    return after.sum(sample, labels) - before.sum(sample, labels);
  }

  /**
   * Fails listing every pinned park with one of the agent's frames. Also requires the canary's pin
   * (request 0 sleeps in a class initializer), so "none from the agent" is not a blind probe.
   */
  private static void assertNoPinInTheAgent(Path recording) throws IOException {
    List<String> agentPins = new ArrayList<>();
    int pins = 0;
    int canaryPins = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals(PINNED) || event.getStackTrace() == null) {
        continue;
      }
      pins++;
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      if (frames.stream().anyMatch(f -> f.getMethod().getType().getName().equals(VirtualThreadLoad.PinCanary.class.getName()))) {
        canaryPins++;
      }
      if (frames.stream().anyMatch(VirtualThreadPinningIT::isAgentFrame) && agentPins.size() < 20) {
        agentPins.add(event.getString("blockingOperation") + ", " + event.getString("pinnedReason") + ", "
            + event.getDuration().toNanos() / 1000 + " us\n" + frames.stream().limit(40)
            .map(f -> "    at " + f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":" + f.getLineNumber())
            .collect(Collectors.joining("\n")));
      }
    }
    assertTrue(canaryPins >= 1, "the recording does not show the canary's pin; " + pins + " pinned events in all");
    assertEquals(List.of(), agentPins, pins + " pinned events in all; those with the agent's frames:\n" + String.join("\n", agentPins));
  }

  /** The agent's classes, shaded libraries included; not the test app's, which share the prefix. */
  private static boolean isAgentFrame(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    return type.startsWith("io.lantern.") && !type.startsWith("io.lantern.testapps.");
  }

  private Path writeSettings() throws IOException {
    // only this event: -XX:StartFlightRecording's event#setting=value overrides need a settings
    // file that already names the event, and the default one records far more than this needs
    return Files.writeString(dir.resolve("pinned.jfc"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<configuration version=\"2.0\">\n  <event name=\"" + PINNED + "\"><setting name=\"enabled\">true</setting>"
        + "<setting name=\"stackTrace\">true</setting><setting name=\"threshold\">0 ms</setting></event>\n</configuration>\n");
  }

  private static void jcmd(Path javaHome, long pid, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/jcmd").toString(), Long.toString(pid)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ":\n" + out);
  }

  private static Map<String, String> server(String method, String route) {
    Map<String, String> labels = HttpServerAgentSuite.server(route, 200, "");
    labels.put("http_request_method", method);
    return labels;
  }
}
