package io.lantern.agent.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace context for Lantern's spans. Inbound {@code traceparent}/{@code tracestate} are read
 * with the OpenTelemetry W3C propagator; new ids are random. A span is made current through the
 * (agent-private, relocated) OpenTelemetry {@link Context}, which is what exemplars and, later,
 * child spans read.
 */
public final class Tracing {
  private final double samplerRatio;

  public Tracing(double samplerRatio) {
    this.samplerRatio = samplerRatio;
  }

  /**
   * Starts a server span: a child of the inbound context when it is valid (its sampled flag is
   * respected), else the root of a new trace sampled by the configured ratio.
   */
  public SpanContext startServerSpan(String traceparent, String tracestate) {
    SpanContext parent = traceparent == null ? SpanContext.getInvalid() : extract(new InboundContext(traceparent, tracestate));
    return parent.isValid() ? child(parent) : newRoot();
  }

  /**
   * Starts a client span (a statement, an outbound call): a child of the span current on this
   * thread, or the root of a new trace when none is.
   */
  public SpanContext startClientSpan() {
    SpanContext parent = current();
    return parent.isValid() ? child(parent) : newRoot();
  }

  /** The span current on this thread, or the invalid span context. */
  public static SpanContext current() {
    return Span.current().getSpanContext();
  }

  SpanContext child(SpanContext parent) {
    return SpanContext.create(parent.getTraceId(), newSpanId(), parent.getTraceFlags(), parent.getTraceState());
  }

  SpanContext newRoot() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    boolean sampled = samplerRatio >= 1.0 || (samplerRatio > 0 && random.nextDouble() < samplerRatio);
    return SpanContext.create(
        TraceId.fromLongs(high, low), newSpanId(), sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
  }

  private static String newSpanId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return SpanId.fromLong(id);
  }

  private static SpanContext extract(InboundContext inbound) {
    Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), inbound, InboundContext.GETTER);
    return Span.fromContext(extracted).getSpanContext();
  }

  /** The two W3C headers of an inbound request, as a propagator carrier. */
  static final class InboundContext {
    static final TextMapGetter<InboundContext> GETTER =
        new TextMapGetter<InboundContext>() {
          @Override
          public Iterable<String> keys(InboundContext carrier) {
            return Arrays.asList("traceparent", "tracestate");
          }

          @Override
          public String get(InboundContext carrier, String key) {
            if (carrier == null) {
              return null;
            }
            switch (key) {
              case "traceparent":
                return carrier.traceparent;
              case "tracestate":
                return carrier.tracestate;
              default:
                return null;
            }
          }
        };

    final String traceparent;
    final String tracestate;

    InboundContext(String traceparent, String tracestate) {
      this.traceparent = traceparent;
      this.tracestate = tracestate;
    }
  }
}
