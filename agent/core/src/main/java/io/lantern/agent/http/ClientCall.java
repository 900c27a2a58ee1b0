package io.lantern.agent.http;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One outbound HTTP call from {@link HttpClientRecorder#start} to {@link HttpClientRecorder#end},
 * which may run on another thread (async clients). Instrumentations keep it as the hook state and
 * hand it back; they never look inside.
 */
public final class ClientCall {
  private static final AtomicIntegerFieldUpdater<ClientCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(ClientCall.class, "ended");

  final int methodIndex;
  final String serverAddress;
  final SpanContext span;
  final long startNanos;
  /** The scope that made the span current on the starting thread; closed by detach. */
  Scope scope;
  private volatile int ended;

  ClientCall(int methodIndex, String serverAddress, SpanContext span, long startNanos) {
    this.methodIndex = methodIndex;
    this.serverAddress = serverAddress;
    this.span = span;
    this.startNanos = startNanos;
  }

  /** True for exactly one caller: a call is recorded once however many ways it ends. */
  boolean markEnded() {
    return ENDED.compareAndSet(this, 0, 1);
  }

  public boolean isEnded() {
    return ended != 0;
  }
}
