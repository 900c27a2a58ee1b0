package io.lantern.testapps.applogs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.harness.AgentApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * 200,000 captured lines through rotation at 1 MB x 5: a tailer follows the event file across every
 * rotation (by inode) and parses each line as it is written; every line of every file is one JSON
 * object, no line is split across files, and the {@code log} lines written plus
 * {@code lantern_log_events_dropped_total} are exactly the lines the app logged.
 */
class CaptureRotationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REQUESTS = 20;
  private static final int PER_REQUEST = 10_000;

  @Test
  void everyCapturedLineIsWrittenWholeOrCountedDropped() throws Exception {
    try (AgentApp app = AgentApp.builder(AgentApp.appJarFromProperty())
        .sysProp("lantern.logs.capture", "true")
        .sysProp("lantern.log.max-file-size", "1MB")
        .sysProp("lantern.log.max-files", "5")
        .start()) {
      Tail tail = new Tail(app.logFile());
      Thread tailer = new Thread(tail, "tail");
      tailer.start();
      for (int i = 0; i < REQUESTS; i++) {
        assertEquals(200, app.get("/many?n=" + PER_REQUEST).status());
      }
      // the harness reads only the active file: the tailer counts the requests that ended instead
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (tail.requests < REQUESTS && System.nanoTime() < deadline && tail.failure == null) {
        Thread.sleep(50);
      }
      assertEquals(REQUESTS, tail.requests, "http_request events seen");
      Thread.sleep(1000);
      double dropped = app.scrape().valueOrZero("lantern_log_events_dropped_total", Map.of());
      tail.stop = true;
      tailer.join(30_000);
      assertNull(tail.failure, tail.failure);
      assertEquals(REQUESTS * PER_REQUEST, tail.logLines + (long) dropped,
          "written " + tail.logLines + " dropped " + dropped + " rotations " + tail.rotations);
      assertTrue(tail.rotations >= 5, "rotations " + tail.rotations);
      try (Stream<Path> files = Files.list(app.logFile().getParent())) {
        for (Path file : (Iterable<Path>) files.filter(p -> p.getFileName().toString().startsWith("lantern.log"))::iterator) {
          assertTrue(Files.size(file) <= 2 * 1024 * 1024, file + " " + Files.size(file));
          String text = Files.readString(file);
          assertTrue(text.isEmpty() || text.endsWith("\n"), file + " ends mid-line");
          for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
              JSON.readTree(line);
            }
          }
        }
      }
    }
  }

  /** Follows the event file through rotations, parsing every complete line; a partial line left at a rotation is a split line. */
  static final class Tail implements Runnable {
    final Path file;
    volatile boolean stop;
    volatile String failure;
    // distinct lines (a timestamp in microseconds and the line number each): a file read twice
    // after a race with the rotation counts once
    private final Set<String> logSeen = new HashSet<>();
    private final Set<String> requestSeen = new HashSet<>();
    volatile long logLines;
    volatile int requests;
    int rotations;

    Tail(Path file) {
      this.file = file;
    }

    @Override
    public void run() {
      try {
        follow();
      } catch (Throwable t) {
        failure = t.toString();
      }
    }

    private void follow() throws Exception {
      InputStream in = null;
      Object inode = null;
      // the last files read: only they can still be there (inode numbers of deleted files are reused)
      Deque<Object> consumed = new ArrayDeque<>();
      ByteArrayOutputStream partial = new ByteArrayOutputStream();
      byte[] buf = new byte[1 << 16];
      while (true) {
        if (in == null) {
          if (!Files.exists(file)) {
            Thread.sleep(5);
            continue;
          }
          // the inode of the file opened: the same before and after the open, else it rotated meanwhile
          Object before = Files.getAttribute(file, "unix:ino");
          in = Files.newInputStream(file);
          if (!before.equals(Files.getAttribute(file, "unix:ino"))) {
            in.close();
            in = null;
            continue;
          }
          inode = before;
        }
        int n = in.read(buf);
        if (n > 0) {
          consume(buf, n, partial);
          continue;
        }
        boolean stopping = stop;
        Object now = Files.exists(file) ? Files.getAttribute(file, "unix:ino") : null;
        if (now != null && !now.equals(inode)) {
          drain(in, buf, partial);
          read(consumed, inode);
          rotations++;
          catchUp(consumed, now, buf, partial);
          in = null;
          continue;
        }
        if (stopping) {
          in.close();
          return;
        }
        Thread.sleep(1);
      }
    }

    /** Reads a finished file to its end: what is left unterminated there is a line split across files. */
    private void drain(InputStream in, byte[] buf, ByteArrayOutputStream partial) throws IOException {
      int n;
      while ((n = in.read(buf)) > 0) {
        consume(buf, n, partial);
      }
      in.close();
      if (partial.size() > 0) {
        throw new AssertionError("line split across files: " + partial.toString(StandardCharsets.UTF_8));
      }
    }

    /** Files rotated more than once since the last look (the tailer was slower than the writer), oldest first. */
    private static void read(Deque<Object> consumed, Object inode) {
      consumed.addFirst(inode);
      while (consumed.size() > 4) {
        consumed.removeLast();
      }
    }

    private void catchUp(Deque<Object> consumed, Object active, byte[] buf, ByteArrayOutputStream partial) throws IOException {
      List<InputStream> missed = new ArrayList<>();
      List<Object> inodes = new ArrayList<>();
      for (int i = 1; i < 5; i++) {
        Path rotated = file.resolveSibling(file.getFileName() + "." + i);
        if (Files.exists(rotated)) {
          Object ino = Files.getAttribute(rotated, "unix:ino");
          if (!consumed.contains(ino) && !ino.equals(active)) {
            missed.add(0, Files.newInputStream(rotated));
            inodes.add(0, ino);
          }
        }
      }
      for (int i = 0; i < missed.size(); i++) {
        drain(missed.get(i), buf, partial);
        read(consumed, inodes.get(i));
        rotations++;
      }
    }

    private void consume(byte[] buf, int n, ByteArrayOutputStream partial) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          partial.write(buf, start, i - start);
          line(partial.toString(StandardCharsets.UTF_8));
          partial.reset();
          start = i + 1;
        }
      }
      partial.write(buf, start, n - start);
    }

    /**
     * Cheap on purpose (the tailer must keep up with the writer on a busy machine, or the oldest
     * file is deleted before it is read): one object per line, counted by its event; the files
     * left at the end are parsed in full.
     */
    private void line(String line) {
      if (!line.startsWith("{\"timestamp\":") || !line.endsWith("}")) {
        throw new AssertionError("not one JSON object: " + line);
      }
      if (line.contains("\"event\":\"log\",\"message\":\"line ")) {
        if (logSeen.add(line)) {
          logLines++;
        }
      } else if (line.contains("\"event\":\"http_request\"")) {
        if (requestSeen.add(line)) {
          requests++;
        }
      }
    }
  }
}
