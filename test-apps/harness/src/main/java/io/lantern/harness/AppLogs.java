package io.lantern.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the application-log capture ITs compare: {@code log} events without their varying fields, console output without timestamps. */
public final class AppLogs {
  private AppLogs() {}

  /** A copy of the event without {@code timestamp}, {@code service} and {@code event}. */
  public static ObjectNode strip(JsonNode event) {
    ObjectNode copy = event.deepCopy();
    copy.remove(List.of("timestamp", "service", "event"));
    return copy;
  }

  /**
   * The application's console lines with their leading {@code HH:mm:ss.SSS } cut, without the
   * JVM's own notices, the harness's {@code LISTENING} line and lines ending with one of {@code ignoredEndings}.
   */
  public static Stream<String> consoleLines(String text, String... ignoredEndings) {
    return text.lines()
        .filter(l -> !l.contains("VM warning") && !l.startsWith("LISTENING"))
        .filter(l -> Stream.of(ignoredEndings).noneMatch(l::endsWith))
        .map(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d .*") ? l.substring(13) : l);
  }

  /** {@link #consoleLines} as one text. */
  public static String console(String text, String... ignoredEndings) {
    return consoleLines(text, ignoredEndings).collect(Collectors.joining("\n"));
  }
}
