package io.lantern.agent.trace.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchingSpanSinkTest {
  private final Tracing tracing = new Tracing(1.0, span -> { });

  /** A backend that answers as told, remembering every batch. */
  static final class Backend implements BatchingSpanSink.Exporter {
    final List<List<LanternSpan>> batches = new ArrayList<>();
    final CountDownLatch release;
    final CountDownLatch entered = new CountDownLatch(1);
    volatile boolean accept = true;
    volatile boolean shutDown;

    Backend(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public synchronized boolean export(List<LanternSpan> batch) {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      batches.add(new ArrayList<>(batch));
      return accept;
    }

    @Override
    public void shutdown(long timeoutMillis) {
      shutDown = true;
    }
  }

  @Test
  void everySpanIsExportedOnceAndCloseFlushes() {
    Backend backend = new Backend(new CountDownLatch(0));
    SpanExportStats stats = new SpanExportStats();
    BatchingSpanSink sink = new BatchingSpanSink(64, backend, stats).start();
    for (int i = 0; i < 10; i++) {
      sink.accept(tracing.startSpan(LanternSpan.Kind.INTERNAL, "s" + i));
    }
    sink.close();
    assertEquals(10, stats.exported());
    assertEquals(0, stats.failed());
    assertEquals(0, stats.dropped());
    assertEquals(10, backend.batches.stream().mapToInt(List::size).sum());
    assertTrue(backend.shutDown);
  }

  @Test
  void aFullQueueDropsAndAFailingBackendCountsFailures() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Backend backend = new Backend(release);
    backend.accept = false;
    SpanExportStats stats = new SpanExportStats();
    BatchingSpanSink sink = new BatchingSpanSink(4, backend, stats).start();
    sink.accept(tracing.startSpan(LanternSpan.Kind.INTERNAL, "first"));
    // the exporter thread now holds the first span, blocked in export: the queue is empty
    assertTrue(backend.entered.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 10; i++) {
      sink.accept(tracing.startSpan(LanternSpan.Kind.INTERNAL, "more" + i));
    }
    assertEquals(6, stats.dropped(), "a queue of 4 takes 4 of the 10");
    release.countDown();
    sink.close();
    assertEquals(0, stats.exported());
    assertEquals(5, stats.failed());
    assertEquals(11, stats.exported() + stats.failed() + stats.dropped());
  }
}
