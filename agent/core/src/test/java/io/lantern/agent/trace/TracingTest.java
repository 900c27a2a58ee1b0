package io.lantern.agent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracingTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00f067aa0ba902b7";

  private static LanternSpan server(Tracing tracing, String traceparent, String tracestate) {
    LanternSpan span = new LanternSpan();
    tracing.startServerSpan(span, "GET", traceparent, tracestate);
    return span;
  }

  @Test
  void continuesAValidInboundTraceWithANewSpanAndItsFlags() {
    LanternSpan sampled = server(new Tracing(0.0), "00-" + TRACE + "-" + PARENT + "-01", "k=v");
    assertEquals(TRACE, sampled.traceIdHex());
    assertEquals(PARENT, sampled.parentSpanIdHex());
    assertTrue(sampled.hasRemoteParent());
    assertNotEquals(PARENT, sampled.spanIdHex());
    assertTrue(sampled.spanIdHex().matches("[0-9a-f]{16}"));
    assertTrue(sampled.isSampled(), "inbound sampled flag wins over ratio 0");
    assertEquals("k=v", sampled.tracestate());
    assertEquals("01", sampled.traceFlagsHex());
    assertSame(sampled, sampled.localRoot());

    LanternSpan unsampled = server(new Tracing(1.0), "00-" + TRACE + "-" + PARENT + "-00", null);
    assertEquals(TRACE, unsampled.traceIdHex());
    assertFalse(unsampled.isSampled(), "inbound unsampled flag wins over ratio 1");
  }

  @Test
  void invalidOrMissingHeaderStartsANewTrace() {
    Tracing tracing = new Tracing(1.0);
    String[] invalid = {
      null, "", "garbage",
      "00-" + "0".repeat(32) + "-" + PARENT + "-01", // zero trace id
      "00-" + TRACE + "-" + "0".repeat(16) + "-01", // zero parent id
      "00-" + TRACE.toUpperCase() + "-" + PARENT + "-01", // uppercase hex
      "ff-" + TRACE + "-" + PARENT + "-01", // forbidden version
      "00-" + TRACE + "-" + PARENT + "-01-extra", // version 00 has exactly four fields
      "01-" + TRACE + "-" + PARENT + "-01extra", // a later version's extra fields follow a dash
      "00_" + TRACE + "-" + PARENT + "-01",
    };
    for (String header : invalid) {
      LanternSpan span = server(tracing, header, "k=v");
      assertNotEquals(TRACE, span.traceIdHex(), String.valueOf(header));
      assertTrue(span.traceIdHex().matches("[0-9a-f]{32}"));
      assertNull(span.parentSpanIdHex());
      assertFalse(span.hasRemoteParent());
      assertNull(span.tracestate(), "tracestate without a valid traceparent is dropped");
      assertTrue(span.isSampled());
    }
    LanternSpan future = server(tracing, "01-" + TRACE + "-" + PARENT + "-01-what-comes-next", null);
    assertEquals(TRACE, future.traceIdHex(), "a later version is read by its version-00 prefix");
  }

  @Test
  void traceparentRoundTrips() {
    Tracing tracing = new Tracing(1.0);
    String header = "00-" + TRACE + "-" + PARENT + "-01";
    LanternSpan span = server(tracing, header, null);
    String outbound = span.traceparent();
    assertEquals("00-" + TRACE + "-" + span.spanIdHex() + "-01", outbound);
    LanternSpan downstream = server(tracing, outbound, null);
    assertEquals(span.spanIdHex(), downstream.parentSpanIdHex());
  }

  @Test
  void overlongTracestateIsNotPassedOn() {
    LanternSpan span = server(new Tracing(1.0), "00-" + TRACE + "-" + PARENT + "-01", "k=" + "v".repeat(600));
    assertNull(span.tracestate());
  }

  @Test
  void samplerRatioDecidesNewTraces() {
    Tracing none = new Tracing(0.0);
    Tracing half = new Tracing(0.5);
    int sampled = 0;
    for (int i = 0; i < 4000; i++) {
      assertFalse(server(none, null, null).isSampled());
      if (server(half, null, null).isSampled()) {
        sampled++;
      }
    }
    assertTrue(sampled > 1700 && sampled < 2300, "about half sampled: " + sampled);
  }

  @Test
  void childSpanInheritsTheCurrentTraceAndRootAndCurrentIsRestored() {
    Tracing tracing = new Tracing(1.0);
    assertNull(Tracing.current());
    LanternSpan root = tracing.startSpan(LanternSpan.Kind.INTERNAL, "root");
    assertSame(root, root.localRoot());
    assertNull(Tracing.makeCurrent(root));
    try {
      LanternSpan child = tracing.startSpan(LanternSpan.Kind.CLIENT, "child");
      assertEquals(root.traceIdHex(), child.traceIdHex());
      assertEquals(root.spanIdHex(), child.parentSpanIdHex());
      assertFalse(child.hasRemoteParent());
      assertNotEquals(root.spanIdHex(), child.spanIdHex());
      assertEquals(root.traceFlags(), child.traceFlags());
      assertSame(root, child.localRoot());
      assertSame(root, Tracing.makeCurrent(child));
      assertSame(child, Tracing.current());
      Tracing.restore(root);
    } finally {
      Tracing.restore(null);
    }
    assertNull(Tracing.current());
  }

  @Test
  void onlySampledSpansRecordAndReachTheSink() {
    List<LanternSpan> exported = new ArrayList<>();
    Tracing sampled = new Tracing(1.0, exported::add);
    LanternSpan span = sampled.startSpan(LanternSpan.Kind.CLIENT, "SELECT");
    assertTrue(span.isRecording());
    span.setName("SELECT users");
    span.setAttribute("db.system.name", "h2database");
    span.setAttribute("rows", 3L);
    span.setAttribute("db.system.name", "postgresql");
    span.setError("java.sql.SQLException");
    sampled.end(span);
    assertEquals(List.of(span), exported);
    assertEquals("SELECT users", span.spanName());
    assertEquals(3, span.attributeCount());
    assertEquals("db.system.name", span.attributeKey(0));
    assertEquals("postgresql", span.attributeValue(0), "setting a key again replaces its value");
    assertEquals(3L, span.attributeValue(1));
    assertEquals("java.sql.SQLException", span.attributeValue(2));
    assertEquals("java.sql.SQLException", span.errorType());
    assertTrue(span.endEpochNanos() >= span.startEpochNanos());
    assertTrue(Math.abs(span.startEpochNanos() / 1_000_000 - System.currentTimeMillis()) < 60_000);

    exported.clear();
    Tracing unsampled = new Tracing(0.0, exported::add);
    LanternSpan quiet = unsampled.startSpan(LanternSpan.Kind.CLIENT, "SELECT");
    assertFalse(quiet.isRecording());
    quiet.setAttribute("db.system.name", "h2database");
    quiet.setName("renamed");
    unsampled.end(quiet);
    assertEquals(0, quiet.attributeCount());
    assertEquals("SELECT", quiet.spanName());
    assertTrue(exported.isEmpty());
    assertFalse(new Tracing(1.0).startSpan(LanternSpan.Kind.CLIENT, "x").isRecording(), "no exporter, no recording");
  }
}
