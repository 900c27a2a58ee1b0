package io.lantern.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.agent.Names;
import io.lantern.agent.trace.TestSpans;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern TS = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$");

  @TempDir Path dir;

  private static EventLogSettings.Builder fileSettings(Path file) {
    return EventLogSettings.builder().target(EventLogTarget.FILE).file(file.toString()).service("svc")
        .maxFileSizeBytes(1L << 30).maxFiles(3);
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
  }

  private static Event seqEvent(String name, Level level, int thread, int seq) {
    return new TestEvent(name, level, 1_795_300_200_000_000L + seq, "event " + thread + "/" + seq,
        TestSpans.of("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "01"),
        w -> w.field("thread", (long) thread).field("seq", (long) seq).field("note", "ü \"q\" 中"));
  }

  @Test
  void tenThousandEventsFromEightThreadsAllArrive() throws Exception {
    Path file = dir.resolve("logs/nested/events.log"); // parents are created
    EventLog log = EventLog.start(fileSettings(file).queueSize(16_384).serviceVersion("1.0")
        .deploymentEnvironment("test").build());
    assertFalse(log.isNoop());
    int threads = 8;
    int perThread = 1250;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          log.emit(seqEvent("custom_event", Level.INFO, id, i));
        }
      });
      th.start();
      ts.add(th);
    }
    go.countDown();
    for (Thread th : ts) {
      th.join();
    }
    log.close();
    assertEquals(0, log.droppedCount());

    List<String> lines = lines(file);
    assertEquals(threads * perThread, lines.size());
    BitSet[] seen = new BitSet[threads];
    for (int t = 0; t < threads; t++) {
      seen[t] = new BitSet();
    }
    for (String l : lines) {
      JsonNode n = JSON.readTree(l);
      assertTrue(TS.matcher(n.get("timestamp").asText()).matches(), l);
      int seq = n.get("seq").asInt();
      int thread = n.get("thread").asInt();
      assertEquals(String.format("2026-11-21T22:30:00.%06dZ", seq), n.get("timestamp").asText());
      assertEquals("INFO", n.get("level").asText());
      assertEquals("svc", n.get("service").asText());
      assertEquals("1.0", n.get("service_version").asText());
      assertEquals("test", n.get("deployment_environment").asText());
      assertEquals("custom_event", n.get("event").asText());
      assertEquals("event " + thread + "/" + seq, n.get("message").asText());
      assertEquals("0af7651916cd43dd8448eb211c80319c", n.get("trace_id").asText());
      assertEquals("b7ad6b7169203331", n.get("span_id").asText());
      assertEquals("01", n.get("trace_flags").asText());
      assertEquals("ü \"q\" 中", n.get("note").asText());
      assertFalse(n.has(Names.SCHEMA_ERROR));
      assertFalse(seen[thread].get(seq), "duplicate " + l);
      seen[thread].set(seq);
    }
    for (int t = 0; t < threads; t++) {
      assertEquals(perThread, seen[t].cardinality());
    }
  }

  @Test
  void linesAppearPromptlyWithoutClose() throws Exception {
    Path file = dir.resolve("prompt.log");
    EventLog log = EventLog.start(fileSettings(file).build());
    try {
      log.emit(seqEvent("custom_event", Level.INFO, 0, 1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (lines(file).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      List<String> lines = lines(file);
      assertEquals(1, lines.size());
      assertEquals(1, JSON.readTree(lines.get(0)).get("seq").asInt());
    } finally {
      log.close();
    }
  }

  @Test
  void fullQueueDropsAndCountsExactly() throws Exception {
    Path file = dir.resolve("drops.log");
    EventLog log = EventLog.start(fileSettings(file).queueSize(16).build());
    CountDownLatch writerInside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    log.emit(TestEvent.of("blocker", Level.INFO, w -> {
      writerInside.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }));
    assertTrue(writerInside.await(10, TimeUnit.SECONDS), "writer took the blocker");
    int emitters = 4;
    int each = 25_000;
    List<Thread> ts = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < emitters; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        for (int i = 0; i < each; i++) {
          log.emit(seqEvent("custom_event", Level.INFO, id, i));
        }
      });
      th.start();
      ts.add(th);
    }
    for (Thread th : ts) {
      th.join();
    }
    long emitNanos = System.nanoTime() - start;
    long droppedWhileBlocked = log.droppedCount();
    release.countDown();
    log.close();

    long emitted = 1 + (long) emitters * each;
    List<String> lines = lines(file);
    assertTrue(droppedWhileBlocked > 0);
    assertEquals(emitted - 1 - 16, droppedWhileBlocked, "exactly the queue capacity was accepted");
    assertEquals(droppedWhileBlocked, log.droppedCount());
    assertEquals(emitted, lines.size() + log.droppedCount());
    for (String l : lines) {
      JSON.readTree(l);
    }
    assertTrue(emitNanos < TimeUnit.SECONDS.toNanos(10), "emit never blocked on the stuck writer");
  }

  @Test
  void levelFilterDropsSilently() throws Exception {
    Path file = dir.resolve("levels.log");
    EventLog log = EventLog.start(fileSettings(file).level(Level.WARN).build());
    assertFalse(log.isEnabled(Level.DEBUG));
    assertFalse(log.isEnabled(Level.INFO));
    assertTrue(log.isEnabled(Level.WARN));
    assertTrue(log.isEnabled(Level.ERROR));
    assertFalse(log.isEnabled(null));
    for (int i = 0; i < 100; i++) {
      log.emit(seqEvent("custom_event", Level.INFO, 0, i));
      log.emit(seqEvent("custom_event", Level.DEBUG, 0, i));
    }
    for (int i = 0; i < 5; i++) {
      log.emit(seqEvent("custom_event", Level.WARN, 1, i));
      log.emit(seqEvent("custom_event", Level.ERROR, 2, i));
    }
    log.close();
    List<String> lines = lines(file);
    assertEquals(10, lines.size());
    for (String l : lines) {
      String level = JSON.readTree(l).get("level").asText();
      assertTrue(level.equals("WARN") || level.equals("ERROR"), l);
    }
    assertEquals(0, log.droppedCount());
  }

  @Test
  void rotationKeepsAtMostMaxFiles() throws Exception {
    Path file = dir.resolve("rot/events.log");
    EventLog log = EventLog.start(fileSettings(file).maxFileSizeBytes(2048).maxFiles(3).build());
    int total = 600;
    for (int i = 0; i < total; i++) {
      log.emit(seqEvent("custom_event", Level.INFO, 0, i));
      if (i % 50 == 0) {
        Thread.sleep(5); // several batches
      }
    }
    log.close();
    assertEquals(0, log.droppedCount());
    List<String> names;
    try (Stream<Path> s = Files.list(file.getParent())) {
      names = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
    assertEquals(List.of("events.log", "events.log.1", "events.log.2"), names);
    List<String> active = lines(file);
    List<String> first = lines(dir.resolve("rot/events.log.1"));
    List<String> second = lines(dir.resolve("rot/events.log.2"));
    assertFalse(active.isEmpty());
    assertEquals(total - 1, JSON.readTree(active.get(active.size() - 1)).get("seq").asInt(),
        "the newest file holds the latest line");
    int maxLine = 0;
    for (List<String> ls : List.of(active, first, second)) {
      for (String l : ls) {
        maxLine = Math.max(maxLine, l.getBytes(StandardCharsets.UTF_8).length + 1);
      }
    }
    for (String n : names) {
      long size = Files.size(file.getParent().resolve(n));
      assertTrue(size < 2048 + maxLine, n + " is " + size + " bytes");
    }
    // order: .2 older than .1 older than active, contiguous
    int lastOf2 = JSON.readTree(second.get(second.size() - 1)).get("seq").asInt();
    int firstOf1 = JSON.readTree(first.get(0)).get("seq").asInt();
    int lastOf1 = JSON.readTree(first.get(first.size() - 1)).get("seq").asInt();
    int firstOfActive = JSON.readTree(active.get(0)).get("seq").asInt();
    assertEquals(lastOf2 + 1, firstOf1);
    assertEquals(lastOf1 + 1, firstOfActive);
    assertTrue(active.size() + first.size() + second.size() < total, "old lines were deleted");
  }

  @Test
  void unwritableDirectoryFallsBackToStderr() throws Exception {
    Path blocker = dir.resolve("not-a-dir");
    Files.write(blocker, new byte[] {1});
    Path file = blocker.resolve("sub/events.log");
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    EventLog log;
    System.setErr(new PrintStream(captured, true, "UTF-8"));
    try {
      log = EventLog.start(fileSettings(file).build());
      assertFalse(log.isNoop());
      assertTrue(log.isEnabled(Level.INFO));
      log.emit(seqEvent("custom_event", Level.INFO, 0, 77));
      log.close();
    } finally {
      System.setErr(originalErr);
    }
    String err = new String(captured.toByteArray(), StandardCharsets.UTF_8);
    String[] out = err.split("\\R");
    assertEquals(2, out.length, err);
    assertTrue(out[0].startsWith("[lantern] cannot write events to " + file.toAbsolutePath() + ": "), out[0]);
    assertTrue(out[0].endsWith("; writing to stderr instead"), out[0]);
    JsonNode n = JSON.readTree(out[1]);
    assertEquals(77, n.get("seq").asInt());
    assertFalse(Files.exists(file));
  }

  @Test
  void stdoutTarget() throws Exception {
    PrintStream originalOut = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, "UTF-8"));
    try {
      EventLog log = EventLog.start(EventLogSettings.builder().target(EventLogTarget.STDOUT).service("s").build());
      log.emit(seqEvent("custom_event", Level.INFO, 0, 5));
      log.emit(seqEvent("custom_event", Level.INFO, 0, 6));
      log.close();
    } finally {
      System.setOut(originalOut);
    }
    String[] out = new String(captured.toByteArray(), StandardCharsets.UTF_8).split("\\R");
    assertEquals(2, out.length);
    assertEquals(5, JSON.readTree(out[0]).get("seq").asInt());
    assertEquals("ü \"q\" 中", JSON.readTree(out[1]).get("note").asText());
  }

  @Test
  void noneTargetAndNoopDoNothing() {
    EventLog none = EventLog.start(EventLogSettings.builder().target(EventLogTarget.NONE).build());
    assertSame(EventLog.noop(), none);
    assertTrue(none.isNoop());
    for (Level l : Level.values()) {
      assertFalse(none.isEnabled(l));
    }
    none.emit(seqEvent("x", Level.ERROR, 0, 0));
    none.emit(null);
    assertEquals(0, none.droppedCount());
    none.close();
    none.close();
    assertSame(EventLog.noop(), EventLog.start(null));
  }

  @Test
  void closeIsIdempotentAndLaterEmitsAreIgnored() throws Exception {
    Path file = dir.resolve("close.log");
    EventLog log = EventLog.start(fileSettings(file).build());
    log.emit(seqEvent("custom_event", Level.INFO, 0, 1));
    log.close();
    log.close();
    assertFalse(log.isEnabled(Level.ERROR));
    log.emit(seqEvent("custom_event", Level.INFO, 0, 2));
    assertEquals(1, lines(file).size());
    assertEquals(0, log.droppedCount());
    assertFalse(log.writerThread().isAlive(), "writer thread stopped");
  }

  @Test
  void misbehavingEventsNeverThrowIntoCaller() throws Exception {
    Path file = dir.resolve("bad.log");
    EventLog log = EventLog.start(fileSettings(file).build());
    log.emit(null);
    log.emit(new TestEvent("x", Level.INFO, 0, "m", null, null) {
      @Override public Level level() {
        throw new IllegalStateException();
      }
    });
    log.emit(TestEvent.of("throws", Level.INFO, w -> {
      throw new OutOfMemoryError("not really");
    }));
    log.emit(seqEvent("custom_event", Level.INFO, 0, 3));
    log.close();
    List<String> lines = lines(file);
    assertEquals(2, lines.size());
    assertEquals("writeFields threw java.lang.OutOfMemoryError",
        JSON.readTree(lines.get(0)).get(Names.SCHEMA_ERROR).asText());
    assertEquals(3, JSON.readTree(lines.get(1)).get("seq").asInt());
  }

  @Test
  void writerThreadIsANamedDaemon() {
    EventLog log = EventLog.start(fileSettings(dir.resolve("t.log")).build());
    try {
      Thread writer = log.writerThread();
      assertNotNull(writer);
      assertTrue(writer.isAlive());
      assertEquals("lantern-event-writer", writer.getName());
      assertTrue(writer.isDaemon());
    } finally {
      log.close();
    }
  }

  @Test
  void settingsDefaultsAndClamps() {
    EventLogSettings d = EventLogSettings.builder().build();
    assertEquals(EventLogTarget.FILE, d.target());
    assertEquals("logs/lantern.log", d.file());
    assertEquals(10L * 1024 * 1024, d.maxFileSizeBytes());
    assertEquals(10, d.maxFiles());
    assertEquals(Level.INFO, d.level());
    assertEquals(EventLogSettings.DEFAULT_SERVICE, d.service());
    EventLogSettings c = EventLogSettings.builder().maxFiles(1).queueSize(-1).maxFileSizeBytes(10)
        .target(null).level(null).serviceVersion(" ").build();
    assertEquals(2, c.maxFiles());
    assertEquals(EventLogSettings.DEFAULT_QUEUE_SIZE, c.queueSize());
    assertEquals(1024, c.maxFileSizeBytes());
    assertEquals(EventLogTarget.FILE, c.target());
    assertEquals(Level.INFO, c.level());
    assertEquals(null, c.serviceVersion());
    assertEquals(EventLogTarget.STDERR, EventLogTarget.parse(" StdErr "));
    assertEquals(null, EventLogTarget.parse("syslog"));
  }
}
