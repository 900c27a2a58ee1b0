package io.lantern.testapps.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** What the tracing ITs share: the request event of a path, and the lines the app's own loggers wrote. */
final class TracesItSupport {
  static final Duration WAIT = Duration.ofSeconds(30);

  private TracesItSupport() {}

  /** The one {@code http_request} event of {@code path}. */
  static JsonNode requestEvent(AgentApp app, String path) {
    return requestEventWith(app, "url_path", path);
  }

  /** Waits for the one {@code http_request} event whose {@code field} is {@code value}. */
  static JsonNode requestEventWith(AgentApp app, String field, String value) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<JsonNode> found = app.events("http_request").stream()
          .filter(e -> value.equals(e.path(field).asText()))
          .collect(Collectors.toList());
      if (found.size() == 1) {
        return found.get(0);
      }
      if (found.size() > 1 || System.nanoTime() > deadline) {
        throw new AssertionError("expected one http_request with " + field + " " + value + " but found " + found
            + "\n" + app.diagnostics());
      }
      sleep(100);
    }
  }

  /** The {@code span} events whose parent is {@code parentSpanId}. */
  static List<JsonNode> childSpanEvents(AgentApp app, String parentSpanId) {
    return app.events("span").stream()
        .filter(e -> parentSpanId.equals(e.path("parent_span_id").asText(null)))
        .collect(Collectors.toList());
  }

  /** Waits until a line of {@code file} ends with {@code |message}; returns it split on '|'. */
  static String[] awaitLine(Path file, String message) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<String> lines = lines(file).stream().filter(l -> l.endsWith("|" + message)).collect(Collectors.toList());
      if (lines.size() == 1) {
        return lines.get(0).split("\\|", -1);
      }
      if (lines.size() > 1 || System.nanoTime() > deadline) {
        throw new AssertionError("expected one line '" + message + "' in " + file + " but found " + lines + "\n" + lines(file));
      }
      sleep(100);
    }
  }

  static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path tempFile(String name) {
    try {
      return Files.createTempDirectory("lantern-traces-").resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
