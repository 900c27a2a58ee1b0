package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GenAiCall#returned}: the end of a blocking call, whatever the reader does. */
class GenAiCallReturnedTest {
  private final List<LanternSpan> exported = new CopyOnWriteArrayList<>();
  private final LanternMetrics metrics = new LanternMetrics(100);
  private final InstrumentationErrors errors = new InstrumentationErrors(metrics, EventLog.noop());
  private final GenAiRecorder recorder = new GenAiRecorder(new GenAiMetrics(metrics), new Tracing(1.0, exported::add),
      EventLog.noop(), GenAiPrices.none(), false, 100);

  @AfterEach
  void clear() {
    Tracing.restore(null);
  }

  private double reported() {
    Double value = metrics.registry().getSampleValue("lantern_instrumentation_errors_total", new String[] {"instrumentation"},
        new String[] {"test"});
    return value == null ? 0 : value;
  }

  @Test
  void readsWhatReturnedThenEndsAndDetaches() {
    GenAiCall call = recorder.start("chat", "openai", "m", false);
    call.returned("m-2024", null, (c, response) -> c.responseModel((String) response), errors, "test");
    assertNull(Tracing.current());
    assertEquals(1, exported.size());
    assertEquals("m-2024", exported.get(0).attribute("gen_ai.response.model"));
    assertNull(exported.get(0).errorType());
  }

  @Test
  void aThrowingMethodIsNotReadAndGivesTheErrorType() {
    GenAiCall call = recorder.start("chat", "openai", "m", false);
    call.returned(null, new IllegalStateException(), (c, response) -> {
      throw new AssertionError("not read");
    }, errors, "test");
    assertEquals("java.lang.IllegalStateException", exported.get(0).errorType());
    assertEquals(0.0, reported());
  }

  @Test
  void aFailingReaderIsReportedAndTheCallStillEnds() {
    LanternSpan outer = recorder.start("chat", "openai", "m", false);
    GenAiCall nested = recorder.start("chat", "openai", "m", false);
    nested.returned("x", null, (c, response) -> {
      throw new IllegalArgumentException("a model class changed");
    }, errors, "test");
    assertEquals(1.0, reported());
    assertSame(outer, Tracing.current(), "a nested call leaves the outer one current");
    ((GenAiCall) outer).returned("x", null, (c, response) -> { }, errors, "test");
    assertEquals(1, exported.size());
    assertTrue(Tracing.current() == null);
  }
}
