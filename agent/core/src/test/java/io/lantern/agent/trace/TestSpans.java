package io.lantern.agent.trace;

/** Spans with chosen ids, for tests of what prints them. */
public final class TestSpans {
  private TestSpans() {}

  public static LanternSpan of(String traceIdHex, String spanIdHex, String flagsHex) {
    LanternSpan span = new LanternSpan();
    span.traceIdHigh = Long.parseUnsignedLong(traceIdHex.substring(0, 16), 16);
    span.traceIdLow = Long.parseUnsignedLong(traceIdHex.substring(16), 16);
    span.spanId = Long.parseUnsignedLong(spanIdHex, 16);
    span.traceFlags = (byte) Integer.parseInt(flagsHex, 16);
    span.localRoot = span;
    return span;
  }
}
