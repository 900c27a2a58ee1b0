package io.lantern.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lantern.agent.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SeriesTableTest {
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicInteger overflows = new AtomicInteger();

  private SeriesTable<String> table(int max) {
    return new SeriesTable<>(max, (p, packed, s) -> {
      created.incrementAndGet();
      return p + "|" + packed + "|" + s;
    }, overflows::incrementAndGet);
  }

  @Test
  void sameCombinationGivesTheSameChildAndCreatesItOnce() {
    SeriesTable<String> table = table(10);
    String first = table.get("/users/*", 2200, null);
    assertSame(first, table.get(new String("/users/*"), 2200, null));
    assertEquals("/users/*|2200|null", first);
    assertEquals("/users/*|2200|java.io.IOException", table.get("/users/*", 2200, new String("java.io.IOException")));
    assertEquals(2, created.get());
    assertEquals(2, table.size());
  }

  @Test
  void pastTheCapNewCombinationsGoToOtherAndAreCounted() {
    SeriesTable<String> table = table(3);
    for (int i = 0; i < 3; i++) {
      assertEquals("/r" + i + "|1|null", table.get("/r" + i, 1, null));
    }
    assertEquals(Names.OTHER + "|1|null", table.get("/r3", 1, null));
    assertEquals(Names.OTHER + "|1|null", table.get("/r4", 1, null));
    assertEquals(Names.OTHER + "|2|null", table.get("/r5", 2, null));
    assertEquals(3, table.size());
    assertEquals(3, overflows.get());
    // existing series keep working after the cap
    assertEquals("/r1|1|null", table.get("/r1", 1, null));
  }

  @Test
  void concurrentFirstSightingsCreateEachSeriesOnce() throws Exception {
    SeriesTable<String> table = table(10_000);
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 500; i++) {
          seen.put(table.get("/route" + (i % 50), i % 7, null), true);
        }
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertEquals(350, seen.size());
    assertEquals(350, created.get());
    assertEquals(350, table.size());
    assertEquals(0, overflows.get());
  }
}
