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
 * one JSON object, no line is split across files, and the {@code log} lines written plus
 * {@code lantern_log_events_dropped_total} are exactly the lines the app logged. Enough files are
 * kept that none is deleted, so the files left at the end hold every line written: a tailer racing
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
      // the harness reads only the active file: the files are counted whole once every request ended
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Count count = Count.of(app.logFile());
      while (count.requests < REQUESTS && System.nanoTime() < deadline) {
        Thread.sleep(200);
        count = Count.of(app.logFile());
      }
      // the last request's event is the last line its records queued behind: nothing rotates now
      Thread.sleep(500);
      count = Count.of(app.logFile());
      assertEquals(REQUESTS, count.requests, "http_request events seen");
      double dropped = app.scrape().valueOrZero("lantern_log_events_dropped_total", Map.of());
      assertEquals(REQUESTS * PER_REQUEST, count.logLines + (long) dropped,
          "written " + count.logLines + " dropped " + dropped + " files " + count.files);
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
