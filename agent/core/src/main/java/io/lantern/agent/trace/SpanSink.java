package io.lantern.agent.trace;

/**
 * Receives every sampled span when it ends, on the thread that ended it: an exporter queues it and
 * returns at once (it must never block or throw into the application's thread).
 */
public interface SpanSink {
  void accept(LanternSpan span);
}
