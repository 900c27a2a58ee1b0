package io.lantern.agent.genai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.EventLogSettings;
import io.lantern.agent.log.EventLogTarget;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.Tracing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link GenAiRecorder} whose events go to a temporary file, and its {@code gen_ai_call} events
 * read back one by one: for the AI-client instrumentations' unit tests (shipped in this module's
 * test jar). Use as {@code @RegisterExtension final GenAiTestLog log = new GenAiTestLog();}; each
 * test gets a fresh log, opened by its first use.
 */
public final class GenAiTestLog implements AfterEachCallback {
  private static final ObjectMapper JSON = new ObjectMapper();

  private boolean capture;
  private Path dir;
  private Path file;
  private EventLog events;
  private GenAiRecorder recorder;
  private InstrumentationErrors errors;
  private int callsRead;

  /** {@code lantern.gen-ai.capture-content} (1000 characters); set before the first use in a test. */
  public GenAiTestLog capture(boolean on) {
    if (recorder != null && on != capture) {
      throw new IllegalStateException("capture is set before the log is used");
    }
    capture = on;
    return this;
  }

  private void open() {
    if (recorder != null) {
      return;
    }
    try {
      dir = Files.createTempDirectory("lantern-gen-ai-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    file = dir.resolve("events.log");
    events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.FILE).file(file.toString()).build());
    LanternMetrics metrics = new LanternMetrics(100);
    recorder = new GenAiRecorder(new GenAiMetrics(metrics), new Tracing(1.0), events, new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()), GenAiPrices.none(), capture, 1000);
    errors = new InstrumentationErrors(metrics, events);
  }

  public GenAiRecorder recorder() {
    open();
    return recorder;
  }

  public InstrumentationErrors errors() {
    open();
    return errors;
  }

  /** A streaming call, started and detached from this thread, for a reader to feed. */
  public GenAiCall call(String operation, String provider, String requestModel) {
    GenAiCall call = recorder().start(operation, provider, requestModel, true);
    call.detach();
    return call;
  }

  /** Ends the call and returns its event. */
  public JsonNode end(GenAiCall call) throws Exception {
    call.end(null);
    return nextCall();
  }

  /** The next {@code gen_ai_call} event not returned before, waiting up to 5 s for it. */
  public JsonNode nextCall() throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<JsonNode> calls = calls();
      if (calls.size() > callsRead) {
        return calls.get(callsRead++);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no gen_ai_call event");
  }

  private List<JsonNode> calls() throws IOException {
    List<JsonNode> calls = new ArrayList<>();
    if (file != null && Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode node = JSON.readTree(line);
        if (node != null && "gen_ai_call".equals(node.path("event").asText())) {
          calls.add(node);
        }
      }
    }
    return calls;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Tracing.restore(null);
    if (events != null) {
      events.close();
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
    events = null;
    recorder = null;
    errors = null;
    callsRead = 0;
    capture = false;
  }
}
