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

class TraceMdcTest {
  private final TraceMdc mdc = new TraceMdc(new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()));

  @Test
  void noSpanNoChange() {
    Map<String, String> app = Map.of("user", "u1");
    assertSame(app, mdc.withTrace(app));
    assertNull(mdc.withTrace(null));
  }

  @Test
  void theCurrentSpansIdsAreAddedToACopyAndTheApplicationsOwnKeysWin() {
    LanternSpan span = new Tracing(0.0).startSpan(LanternSpan.Kind.SERVER, "GET");
    LanternSpan previous = Tracing.makeCurrent(span);
    try {
      Map<String, String> app = Map.of("user", "u1");
      assertEquals(Map.of("user", "u1", "trace_id", span.traceIdHex(), "span_id", span.spanIdHex(), "trace_flags", "00"),
          mdc.withTrace(app));
      assertEquals(Map.of("trace_id", span.traceIdHex(), "span_id", span.spanIdHex(), "trace_flags", "00"),
          mdc.withTrace(null));
      Map<String, String> own = Map.of("trace_id", "mine");
      assertSame(own, mdc.withTrace(own));
    } finally {
      Tracing.restore(previous);
    }
  }
}
