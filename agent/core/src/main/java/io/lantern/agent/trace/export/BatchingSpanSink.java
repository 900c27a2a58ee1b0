package io.lantern.agent.trace.export;

import io.lantern.agent.AgentThreads;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.SpanSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;

/**
 * Queues ended spans and exports them in batches from one background thread. The application's
 * thread only offers the span to a bounded lock-free MPSC queue: it never blocks, and when the queue
 * is full the span is dropped and counted. The exporter thread sends a batch when it holds
 * {@link #MAX_BATCH} spans or its oldest span waited {@link #MAX_DELAY_NANOS}; each batch's spans
 * are counted as exported or failed.
 */
public final class BatchingSpanSink implements SpanSink {
  static final int MAX_BATCH = 512;
  static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  static final long CLOSE_TIMEOUT_MILLIS = 5000;

  /** Sends one batch; called on the exporter thread only. */
  public interface Exporter {
    /** True when the backend took the batch. Must not throw (a throw counts as a failure). */
    boolean export(List<LanternSpan> batch);

    /** Releases resources, waiting at most the given time. */
    void shutdown(long timeoutMillis);
  }

  private final MpscArrayQueue<LanternSpan> queue;
  private final Exporter exporter;
  private final SpanExportStats stats;
  private final Thread worker;
  private volatile boolean closed;

  public BatchingSpanSink(int capacity, Exporter exporter, SpanExportStats stats) {
    this.queue = new MpscArrayQueue<>(capacity);
    this.exporter = exporter;
    this.stats = stats;
    this.worker = AgentThreads.newThread("lantern-span-exporter", this::run);
  }

  public BatchingSpanSink start() {
    worker.start();
    return this;
  }

  @Override
  public void accept(LanternSpan span) {
    if (closed || !queue.offer(span)) {
      stats.dropped.increment();
    }
  }

  /** Exports what is queued (waiting at most {@link #CLOSE_TIMEOUT_MILLIS}) and stops. Idempotent. */
  public void close() {
    closed = true;
    LockSupport.unpark(worker);
    try {
      worker.join(CLOSE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<LanternSpan> batch = new ArrayList<>(MAX_BATCH);
    long oldest = 0;
    try {
      while (!closed) {
        if (batch.isEmpty() && drain(batch) > 0) {
          oldest = System.nanoTime();
        } else {
          drain(batch);
        }
        if (batch.size() >= MAX_BATCH || (!batch.isEmpty() && System.nanoTime() - oldest >= MAX_DELAY_NANOS)) {
          send(batch);
        } else {
          LockSupport.parkNanos(this, POLL_NANOS);
        }
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_TIMEOUT_MILLIS - 500);
      do {
        drain(batch);
        if (batch.isEmpty()) {
          break;
        }
        send(batch);
      } while (System.nanoTime() - deadline < 0);
      // what could not be sent in time is lost
      stats.dropped.add(batch.size() + queue.size());
    } catch (Throwable ignored) {
      // the exporter thread must not die noisily inside someone else's JVM
    } finally {
      try {
        exporter.shutdown(500);
      } catch (Throwable ignored) {
        // shutting down
      }
    }
  }

  private int drain(List<LanternSpan> batch) {
    int n = 0;
    LanternSpan span;
    while (batch.size() < MAX_BATCH && (span = queue.relaxedPoll()) != null) {
      batch.add(span);
      n++;
    }
    if (n == 0 && batch.size() < MAX_BATCH && !queue.isEmpty() && (span = queue.poll()) != null) {
      batch.add(span); // a producer was between claiming its slot and publishing it
      n++;
    }
    return n;
  }

  private void send(List<LanternSpan> batch) {
    boolean ok;
    try {
      ok = exporter.export(batch);
    } catch (Throwable t) {
      ok = false;
    }
    (ok ? stats.exported : stats.failed).add(batch.size());
    batch.clear();
  }
}
