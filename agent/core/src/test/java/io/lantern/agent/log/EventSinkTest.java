package io.lantern.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines longer than the batch buffer, and batches of many buffers, reach the file whole and in order. */
class EventSinkTest {
  @TempDir Path dir;

  @Test
  void linesLongerThanTheBufferAndManyBuffersStayWholeAndOrdered() throws Exception {
    Path file = dir.resolve("events.log");
    EventLogSettings s = EventLogSettings.builder().target(EventLogTarget.FILE).file(file.toString())
        .service("svc").maxFileSizeBytes(1L << 30).maxFiles(3).build();
    EventSink sink = EventSink.open(s, new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
    StringBuilder huge = new StringBuilder();
    for (int i = 0; i < EventSink.BUFFER_BYTES; i++) {
      huge.append(i % 2 == 0 ? 'é' : 'a'); // two bytes every other char: longer than the buffer as UTF-8
    }
    int lines = 5_000;
    for (int i = 0; i < lines; i++) {
      sink.write(i == 1234 ? huge : "line " + i + " " + "x".repeat(i % 97));
    }
    sink.close();
    List<String> read = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(lines, read.size());
    for (int i = 0; i < lines; i++) {
      assertEquals(i == 1234 ? huge.toString() : "line " + i + " " + "x".repeat(i % 97), read.get(i));
    }
  }
}
