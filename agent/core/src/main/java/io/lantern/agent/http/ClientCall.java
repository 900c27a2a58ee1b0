package io.lantern.agent.http;

import io.lantern.agent.trace.LanternSpan;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One outbound HTTP call from {@link HttpClientRecorder#start} to {@link HttpClientRecorder#end},
 * which may run on another thread (async clients). It is its own client span, so a call costs
 * this one object. Instrumentations keep it as the hook state and hand it back.
 */
public final class ClientCall extends LanternSpan {
  private static final AtomicIntegerFieldUpdater<ClientCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(ClientCall.class, "ended");

  final int methodIndex;
  final String serverAddress;
  /** What was current on the starting thread before the call; put back by detach. */
  LanternSpan replacedCurrent;
  boolean attached;
  private volatile int ended;

  ClientCall(int methodIndex, String serverAddress) {
    this.methodIndex = methodIndex;
    this.serverAddress = serverAddress;
  }

  /** True for exactly one caller: a call is recorded once however many ways it ends. */
  boolean markEnded() {
    return ENDED.compareAndSet(this, 0, 1);
  }

  public boolean isEnded() {
    return ended != 0;
  }
}
