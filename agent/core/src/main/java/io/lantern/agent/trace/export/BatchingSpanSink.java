package io.lantern.agent.trace.export;

import io.lantern.agent.export.BatchQueue;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.SpanSink;

/**
 * Queues ended spans and exports them in batches from the {@code lantern-span-exporter} thread
 * (see {@link BatchQueue}): the application's thread never blocks, a full queue drops the span and
 * counts it.
 */
public final class BatchingSpanSink implements SpanSink {
  /** Sends one batch of spans; called on the exporter thread only. */
  public interface Exporter extends BatchQueue.Exporter<LanternSpan> {
  }

  private final BatchQueue<LanternSpan> queue;

  public BatchingSpanSink(int capacity, Exporter exporter, SpanExportStats stats) {
    this.queue = new BatchQueue<>("lantern-span-exporter", capacity, exporter, stats);
  }

  public BatchingSpanSink start() {
    queue.start();
    return this;
  }

  @Override
  public void accept(LanternSpan span) {
    queue.offer(span);
  }

  /** Exports what is queued (bounded wait) and stops. Idempotent. */
  public void close() {
    queue.close();
  }
}
