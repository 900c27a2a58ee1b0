package io.lantern.agent.export;

import io.lantern.agent.AgentThreads;
import io.lantern.agent.util.MpscArrayQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Queues items (ended spans, events) and exports them in batches from one background thread. The
 * application's thread only offers the item to a bounded lock-free MPSC queue: it never blocks, and
 * when the queue is full the item is dropped and counted. The exporter thread sends a batch when it
 * holds {@link #MAX_BATCH} items or its oldest item waited {@link #MAX_DELAY_NANOS}; each batch's
 * items are counted as exported or failed.
 */
public final class BatchQueue<T> {
  static final int MAX_BATCH = 512;
  static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1000);
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  static final long CLOSE_TIMEOUT_MILLIS = 5000;

  /** Sends one batch; called on the exporter thread only. */
  public interface Exporter<T> {
    /** True when the backend took the batch. Must not throw (a throw counts as a failure). */
    boolean export(List<T> batch);

    /** Releases resources, waiting at most the given time. */
    void shutdown(long timeoutMillis);
  }

  private final MpscArrayQueue<T> queue;
  private final Exporter<T> exporter;
  private final ExportStats stats;
  private final Thread worker;
  private volatile boolean closed;

  public BatchQueue(String threadName, int capacity, Exporter<T> exporter, ExportStats stats) {
    this.queue = new MpscArrayQueue<>(capacity);
    this.exporter = exporter;
    this.stats = stats;
    this.worker = AgentThreads.newThread(threadName, this::run);
  }

  public BatchQueue<T> start() {
    worker.start();
    return this;
  }

  /** Never blocks: a full queue (or a closed one) drops the item and counts it. */
  public void offer(T item) {
    if (closed || !queue.offer(item)) {
      stats.addDropped(1);
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
    List<T> batch = new ArrayList<>(MAX_BATCH);
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
      stats.addDropped(batch.size() + queue.size());
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

  private int drain(List<T> batch) {
    int n = 0;
    T item;
    while (batch.size() < MAX_BATCH && (item = queue.relaxedPoll()) != null) {
      batch.add(item);
      n++;
    }
    if (n == 0 && batch.size() < MAX_BATCH && !queue.isEmpty() && (item = queue.poll()) != null) {
      batch.add(item); // a producer was between claiming its slot and publishing it
      n++;
    }
    return n;
  }

  private void send(List<T> batch) {
    boolean ok;
    try {
      ok = exporter.export(batch);
    } catch (Throwable t) {
      ok = false;
    }
    if (ok) {
      stats.addExported(batch.size());
    } else {
      stats.addFailed(batch.size());
    }
    batch.clear();
  }
}
