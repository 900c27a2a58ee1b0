package io.lantern.instrumentation.logback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogbackMdcTrackerTest {
  private final LogbackMdcTracker tracker =
      new LogbackMdcTracker(new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()), null);

  @Test
  void noSpanNoChange() {
    Map<String, String> app = Map.of("user", "u1");
    assertSame(app, withTrace(app));
    assertNull(withTrace(null));
  }

  @Test
  void theCurrentSpansIdsAreAddedToACopyAndTheApplicationsOwnKeysWin() {
    LanternSpan span = new Tracing(0.0).startSpan(LanternSpan.Kind.SERVER, "GET");
    LanternSpan previous = Tracing.makeCurrent(span);
    try {
      Map<String, String> app = Map.of("user", "u1");
      assertEquals(Map.of("user", "u1", "trace_id", span.traceIdHex(), "span_id", span.spanIdHex(), "trace_flags", "00"),
          withTrace(app));
      assertEquals(Map.of("trace_id", span.traceIdHex(), "span_id", span.spanIdHex(), "trace_flags", "00"),
          withTrace(null));
      Map<String, String> own = Map.of("trace_id", "mine");
      assertSame(own, withTrace(own));
    } finally {
      Tracing.restore(previous);
    }
  }

  /** What the advice gets back for the map the event's first {@code getMDCPropertyMap()} returned. */
  private Object withTrace(Map<String, String> mdc) {
    return tracker.exit(LogbackMdcTracker.MDC_PROPERTY_MAP, null, null, mdc, null);
  }
}
