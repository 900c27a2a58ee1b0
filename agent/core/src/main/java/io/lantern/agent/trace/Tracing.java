package io.lantern.agent.trace;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts, makes current and ends {@link LanternSpan}s. The current span lives in one agent-private
 * thread-local slot per thread (no context object per activation): instrumentations swap it with
 * {@link #makeCurrent} and put the previous one back with {@link #restore}.
 *
 * <p>An inbound W3C {@code traceparent} is continued (its sampled flag is respected); otherwise a
 * new trace starts, sampled by {@code lantern.traces.sampler.ratio}. Ended spans that are sampled go
 * to the configured {@link SpanSink}, if any.
 */
public final class Tracing {
  /** The W3C limit; a longer {@code tracestate} is not passed on (nor one with other than printable ASCII). */
  static final int MAX_TRACESTATE_LENGTH = 512;
  private static final int TRACEPARENT_LENGTH = 55;
  private static final ThreadLocal<Slot> CURRENT = ThreadLocal.withInitial(Slot::new);

  private final double samplerRatio;
  private final SpanSink sink;
  private final long epochAnchorNanos;
  private final long nanoTimeAnchor;

  public Tracing(double samplerRatio) {
    this(samplerRatio, null);
  }

  /** @param sink where sampled spans go when they end, or null when no exporter is configured */
  public Tracing(double samplerRatio, SpanSink sink) {
    this.samplerRatio = samplerRatio;
    this.sink = sink;
    Instant now = Instant.now();
    this.nanoTimeAnchor = System.nanoTime();
    this.epochAnchorNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** The span current on this thread, or null. */
  public static LanternSpan current() {
    return CURRENT.get().span;
  }

  /** Makes {@code span} current on this thread; returns the span it replaces (may be null) for {@link #restore}. */
  public static LanternSpan makeCurrent(LanternSpan span) {
    Slot slot = CURRENT.get();
    LanternSpan previous = slot.span;
    slot.span = span;
    return previous;
  }

  /** Puts back what {@link #makeCurrent} returned. */
  public static void restore(LanternSpan previous) {
    CURRENT.get().span = previous;
  }

  /**
   * Starts {@code span} as a server span: a child of the inbound context when the headers are
   * valid, else the root of a new trace. The span's start time is now.
   */
  public void startServerSpan(LanternSpan span, String name, String traceparent, String tracestate) {
    if (!continueInbound(span, traceparent)) {
      startRoot(span);
    } else if (isSendable(tracestate)) {
      span.traceState = tracestate;
    }
    span.localRoot = span;
    init(span, LanternSpan.Kind.SERVER, name);
  }

  /** A new span, child of the current one (or the root of a new trace when none is current). */
  public LanternSpan startSpan(LanternSpan.Kind kind, String name) {
    LanternSpan span = new LanternSpan();
    startSpan(span, kind, name);
    return span;
  }

  /** Starts {@code span} (an instrumentation's own subclass) as a child of the current span or a new root. */
  public void startSpan(LanternSpan span, LanternSpan.Kind kind, String name) {
    LanternSpan parent = current();
    if (parent == null) {
      startRoot(span);
      span.localRoot = span;
    } else {
      span.traceIdHigh = parent.traceIdHigh;
      span.traceIdLow = parent.traceIdLow;
      span.traceFlags = parent.traceFlags;
      span.traceState = parent.traceState;
      span.parentSpanId = parent.spanId;
      span.localRoot = parent.localRoot;
    }
    span.spanId = newSpanId();
    init(span, kind, name);
  }

  /** Ends the span now and hands it to the exporter when it is recording. Call once per span. */
  public void end(LanternSpan span) {
    if (span.endNanos == 0) {
      span.endNanos = System.nanoTime();
    }
    if (span.recording) {
      sink.accept(span);
    }
  }

  /** Wall-clock nanoseconds since the epoch for a {@link System#nanoTime()} reading. */
  long epochNanos(long nanoTime) {
    return epochAnchorNanos + (nanoTime - nanoTimeAnchor);
  }

  private void init(LanternSpan span, LanternSpan.Kind kind, String name) {
    span.kind = kind;
    span.name = name;
    span.tracing = this;
    span.recording = sink != null && span.isSampled();
    span.startNanos = System.nanoTime();
  }

  /**
   * Reads a W3C {@code traceparent} into {@code span}'s trace id, parent and flags. Version 00 must
   * be exactly 55 characters; a later version may carry more fields after a dash; version ff, zero
   * ids and non-lowercase-hex digits are invalid.
   */
  static boolean continueInbound(LanternSpan span, String traceparent) {
    if (traceparent == null || traceparent.length() < TRACEPARENT_LENGTH
        || traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-'
        || !Hex.isHex(traceparent, 0, 2) || !Hex.isHex(traceparent, 3, 32) || !Hex.isHex(traceparent, 36, 16)
        || !Hex.isHex(traceparent, 53, 2)) {
      return false;
    }
    boolean version00 = traceparent.charAt(0) == '0' && traceparent.charAt(1) == '0';
    if (traceparent.startsWith("ff")
        || (version00 && traceparent.length() != TRACEPARENT_LENGTH)
        || (!version00 && traceparent.length() > TRACEPARENT_LENGTH && traceparent.charAt(TRACEPARENT_LENGTH) != '-')) {
      return false;
    }
    long high = Hex.parse(traceparent, 3, 16);
    long low = Hex.parse(traceparent, 19, 16);
    long parent = Hex.parse(traceparent, 36, 16);
    if ((high == 0 && low == 0) || parent == 0) {
      return false;
    }
    span.traceIdHigh = high;
    span.traceIdLow = low;
    span.parentSpanId = parent;
    span.remoteParent = true;
    span.traceFlags = (byte) Hex.parse(traceparent, 53, 2);
    span.spanId = newSpanId();
    return true;
  }

  /**
   * Whether an inbound {@code tracestate} may be passed on unchanged: 1 to 512 characters, each
   * printable ASCII or a tab (the W3C grammar's alphabet). Anything else (a CR/LF, a Latin-1 or
   * other non-ASCII character a server decoded) is a header value outbound clients refuse (the
   * JDK HttpClient throws on controls and past U+00FF, OkHttp outside printable ASCII), which
   * would cost the outbound call its traceparent too.
   */
  static boolean isSendable(String tracestate) {
    if (tracestate == null || tracestate.isEmpty() || tracestate.length() > MAX_TRACESTATE_LENGTH) {
      return false;
    }
    for (int i = 0; i < tracestate.length(); i++) {
      char c = tracestate.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private void startRoot(LanternSpan span) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    span.traceIdHigh = high;
    span.traceIdLow = low;
    span.spanId = newSpanId();
    boolean sampled = samplerRatio >= 1.0 || (samplerRatio > 0 && random.nextDouble() < samplerRatio);
    span.traceFlags = sampled ? LanternSpan.SAMPLED : 0;
  }

  private static long newSpanId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  /** The current span of one thread. */
  private static final class Slot {
    LanternSpan span;
  }
}
