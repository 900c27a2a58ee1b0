package io.lantern.agent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MpscArrayQueueTest {
  @Test
  void capacityIsRoundedUpToAPowerOfTwo() {
    assertEquals(2, new MpscArrayQueue<>(1).capacity());
    assertEquals(8, new MpscArrayQueue<>(5).capacity());
    assertEquals(8192, new MpscArrayQueue<>(8192).capacity());
  }

  @Test
  void fullQueueRefusesUntilTheConsumerTakesOne() {
    MpscArrayQueue<Integer> queue = new MpscArrayQueue<>(4);
    for (int i = 0; i < 4; i++) {
      assertTrue(queue.offer(i));
    }
    assertFalse(queue.offer(4));
    assertEquals(4, queue.size());
    assertEquals(0, queue.relaxedPoll());
    assertTrue(queue.offer(4));
    assertFalse(queue.offer(5));
    for (int i = 1; i <= 4; i++) {
      assertEquals(i, queue.poll());
    }
    assertNull(queue.poll());
    assertNull(queue.relaxedPoll());
    assertTrue(queue.isEmpty());
    assertEquals(0, queue.size());
  }

  @Test
  void nullIsRefused() {
    assertThrows(NullPointerException.class, () -> new MpscArrayQueue<>(4).offer(null));
  }

  @Test
  void wrapsAroundManyTimesInOrder() {
    MpscArrayQueue<Object> queue = new MpscArrayQueue<>(4);
    for (int round = 0; round < 1000; round++) {
      Object a = new Object();
      Object b = new Object();
      assertTrue(queue.offer(a));
      assertTrue(queue.offer(b));
      assertSame(a, queue.relaxedPoll());
      assertSame(b, queue.poll());
    }
    assertTrue(queue.isEmpty());
  }

  /** Four producers against one consumer: every accepted element is taken exactly once, each producer's in its order. */
  @Test
  void everyAcceptedElementIsTakenOnceInProducerOrder() throws Exception {
    int producers = 4;
    int perProducer = 200_000;
    MpscArrayQueue<long[]> queue = new MpscArrayQueue<>(64);
    AtomicLong refused = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int producer = p;
      Thread t = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perProducer; i++) {
          if (!queue.offer(new long[] {producer, i})) {
            refused.incrementAndGet();
          }
        }
      });
      t.start();
      threads.add(t);
    }
    long[] last = {-1, -1, -1, -1};
    long taken = 0;
    go.countDown();
    boolean producing = true;
    while (producing || !queue.isEmpty()) {
      producing = threads.stream().anyMatch(Thread::isAlive);
      long[] e = taken % 2 == 0 ? queue.relaxedPoll() : queue.poll();
      if (e == null) {
        Thread.onSpinWait();
        continue;
      }
      assertTrue(e[1] > last[(int) e[0]], "producer " + e[0] + " out of order");
      last[(int) e[0]] = e[1];
      taken++;
    }
    for (Thread t : threads) {
      t.join();
    }
    assertNull(queue.poll());
    assertEquals((long) producers * perProducer, taken + refused.get());
  }
}
