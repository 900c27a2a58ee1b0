package io.lantern.testapps.applogs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.harness.AgentApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * 200,000 captured lines through rotation at 1 MB (about 80 rotations): every line of every file is
 * one JSON object, no line is split across files, and the {@code log} and {@code http_request}
 * lines written plus {@code lantern_log_events_dropped_total} are exactly the events there were.
 * Enough files are kept that none is deleted, so the files left at the end hold every line written: a tailer racing
 * the deletion of the oldest file on a busy machine would count its own lateness as lost lines.
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
        .sysProp("lantern.log.max-files", "500")
        .start()) {
      for (int i = 0; i < REQUESTS; i++) {
        assertEquals(200, app.get("/many?n=" + PER_REQUEST).status());
      }
      // The harness reads only the active file: all files are counted. A busy machine drops events
      // (the app logs faster than the writer writes), the http_request ones too: done when every
      // event is in the files or counted dropped, seen twice in a row (a pass that races a rotation
      // can read a renamed file twice).
      long expected = (long) REQUESTS * PER_REQUEST + REQUESTS;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Count count = null;
      double dropped = 0;
      int settled = 0;
      while (settled < 2 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        try {
          count = Count.of(app.logFile());
        } catch (IOException | AssertionError writtenMeanwhile) {
          // a file renamed, or its last line half written, while this pass read it
          settled = 0;
          continue;
        }
        dropped = app.scrape().valueOrZero("lantern_log_events_dropped_total", Map.of());
        settled = count.logLines + count.requests + (long) dropped == expected ? settled + 1 : 0;
      }
      // the writer is idle now: one more pass, every file checked whole
      count = Count.of(app.logFile());
      assertEquals(expected, count.logLines + count.requests + (long) dropped,
          "log lines " + count.logLines + " http_request " + count.requests + " dropped " + dropped + " files " + count.files);
      assertTrue(count.files >= 6, "files " + count.files);
    }
  }

  /** The lines of the event file and all its rotated files, each file checked whole. */
  static final class Count {
    int files;
    long logLines;
    int requests;

    static Count of(Path active) throws IOException {
      Count count = new Count();
      try (Stream<Path> files = Files.list(active.getParent())) {
        for (Path file : (Iterable<Path>) files.filter(p -> p.getFileName().toString().startsWith("lantern.log"))::iterator) {
          count.add(file);
        }
      }
      return count;
    }

    private void add(Path file) throws IOException {
      files++;
      assertTrue(Files.size(file) <= 2 * 1024 * 1024, file + " " + Files.size(file));
      String text = Files.readString(file);
      assertTrue(text.isEmpty() || text.endsWith("\n"), file + " ends mid-line");
      for (String line : text.split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        // a line split across files is not one JSON object on either side
        JSON.readTree(line);
        if (line.contains("\"event\":\"log\",\"message\":\"line ")) {
          logLines++;
        } else if (line.contains("\"event\":\"http_request\"")) {
          requests++;
        }
      }
    }
  }
}
