package io.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.api.Test;

class TracingTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00f067aa0ba902b7";

  @Test
  void continuesAValidInboundTraceWithANewSpanAndItsFlags() {
    Tracing tracing = new Tracing(0.0);
    SpanContext sampled = tracing.startServerSpan("00-" + TRACE + "-" + PARENT + "-01", "k=v");
    assertEquals(TRACE, sampled.getTraceId());
    assertNotEquals(PARENT, sampled.getSpanId());
    assertTrue(sampled.getSpanId().matches("[0-9a-f]{16}"));
    assertTrue(sampled.isSampled(), "inbound sampled flag wins over ratio 0");
    assertEquals("v", sampled.getTraceState().get("k"));

    SpanContext unsampled = new Tracing(1.0).startServerSpan("00-" + TRACE + "-" + PARENT + "-00", null);
    assertEquals(TRACE, unsampled.getTraceId());
    assertFalse(unsampled.isSampled(), "inbound unsampled flag wins over ratio 1");
  }

  @Test
  void invalidOrMissingHeaderStartsANewTrace() {
    Tracing tracing = new Tracing(1.0);
    for (String header : new String[] {null, "", "garbage", "00-" + "0".repeat(32) + "-" + PARENT + "-01", "00-" + TRACE + "-" + "0".repeat(16) + "-01"}) {
      SpanContext span = tracing.startServerSpan(header, null);
      assertTrue(span.isValid());
      assertNotEquals(TRACE, span.getTraceId(), String.valueOf(header));
      assertTrue(span.getTraceId().matches("[0-9a-f]{32}"));
      assertTrue(span.isSampled());
    }
  }

  @Test
  void samplerRatioDecidesNewTraces() {
    Tracing none = new Tracing(0.0);
    Tracing half = new Tracing(0.5);
    int sampled = 0;
    for (int i = 0; i < 4000; i++) {
      assertFalse(none.startServerSpan(null, null).isSampled());
      if (half.startServerSpan(null, null).isSampled()) {
        sampled++;
      }
    }
    assertTrue(sampled > 1700 && sampled < 2300, "about half sampled: " + sampled);
  }

  @Test
  void clientSpanIsAChildOfTheCurrentSpanOrANewRoot() {
    Tracing tracing = new Tracing(1.0);
    SpanContext root = tracing.startClientSpan();
    assertTrue(root.isValid());
    try (io.opentelemetry.context.Scope ignored =
        io.opentelemetry.context.Context.root().with(io.opentelemetry.api.trace.Span.wrap(root)).makeCurrent()) {
      SpanContext child = tracing.startClientSpan();
      assertEquals(root.getTraceId(), child.getTraceId());
      assertNotEquals(root.getSpanId(), child.getSpanId());
      assertEquals(root.getTraceFlags(), child.getTraceFlags());
    }
  }
}
