package io.lantern.agent.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded, lock-free queue for many producers (the application's threads) and one consumer (a
 * writer or exporter thread). {@link #offer} never blocks: a full queue refuses the element.
 *
 * <p>Lantern's own rather than JCTools': JCTools reaches fields through {@code sun.misc.Unsafe},
 * and from JDK 24 on the JVM prints a four-line warning about it on the application's stderr the
 * first time it is used. This one uses {@link VarHandle}s only. Same algorithm: a producer claims
 * a slot by a CAS on the producer index, then publishes its element into the slot with a release
 * store; the consumer takes the slot's element with an acquire load and frees the slot before
 * advancing the consumer index. The indexes sit in padded superclasses so that producers and the
 * consumer do not write the same cache line.
 */
public final class MpscArrayQueue<E> extends MpscArrayQueueConsumerIndex {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

  private final Object[] slots;
  private final int mask;

  /** @param capacity at least 2; rounded up to a power of two */
  public MpscArrayQueue(int capacity) {
    int size = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
    this.slots = new Object[size];
    this.mask = size - 1;
    this.producerLimit = size;
  }

  public int capacity() {
    return slots.length;
  }

  /** Adds {@code element} (not null) unless the queue is full; never blocks. */
  public boolean offer(E element) {
    if (element == null) {
      throw new NullPointerException();
    }
    long limit = producerLimit;
    long index;
    do {
      index = (long) PRODUCER_INDEX.getVolatile(this);
      if (index >= limit) {
        // the cached limit says full: look at where the consumer really is
        limit = (long) CONSUMER_INDEX.getVolatile(this) + slots.length;
        if (index >= limit) {
          return false;
        }
        producerLimit = limit;
      }
    } while (!PRODUCER_INDEX.compareAndSet(this, index, index + 1));
    SLOT.setRelease(slots, (int) index & mask, element);
    return true;
  }

  /**
   * The oldest element, or null when there is none or its producer has claimed the slot but not
   * yet written it (consumer thread only).
   */
  @SuppressWarnings("unchecked")
  public E relaxedPoll() {
    long index = (long) CONSUMER_INDEX.getOpaque(this);
    int slot = (int) index & mask;
    Object element = SLOT.getAcquire(slots, slot);
    if (element == null) {
      return null;
    }
    SLOT.setOpaque(slots, slot, null);
    CONSUMER_INDEX.setRelease(this, index + 1);
    return (E) element;
  }

  /**
   * The oldest element, or null when the queue is empty; waits (spinning) for a producer that has
   * claimed the slot to write it (consumer thread only).
   */
  @SuppressWarnings("unchecked")
  public E poll() {
    long index = (long) CONSUMER_INDEX.getOpaque(this);
    int slot = (int) index & mask;
    Object element = SLOT.getAcquire(slots, slot);
    if (element == null) {
      if (index == (long) PRODUCER_INDEX.getVolatile(this)) {
        return null;
      }
      do {
        Thread.onSpinWait();
        element = SLOT.getAcquire(slots, slot);
      } while (element == null);
    }
    SLOT.setOpaque(slots, slot, null);
    CONSUMER_INDEX.setRelease(this, index + 1);
    return (E) element;
  }

  public boolean isEmpty() {
    return (long) CONSUMER_INDEX.getVolatile(this) == (long) PRODUCER_INDEX.getVolatile(this);
  }

  /** Elements claimed and not yet taken (a moment's view). */
  public int size() {
    long consumer = (long) CONSUMER_INDEX.getVolatile(this);
    long producer = (long) PRODUCER_INDEX.getVolatile(this);
    return (int) Math.max(0, Math.min(slots.length, producer - consumer));
  }
}

/** Cache-line padding before the producer fields (superclass fields are laid out first). */
abstract class MpscArrayQueueHeadPad {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** Written by producers: the next slot to claim, and their cached view of how far they may go. */
abstract class MpscArrayQueueProducerIndex extends MpscArrayQueueHeadPad {
  static final VarHandle PRODUCER_INDEX = handle(MpscArrayQueueProducerIndex.class, "producerIndex");
  volatile long producerIndex;
  /** Producers may claim below this without reading the consumer index; a stale value is only pessimistic. */
  volatile long producerLimit;

  static VarHandle handle(Class<?> owner, String field) {
    try {
      return MethodHandles.lookup().findVarHandle(owner, field, long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}

/** Padding between the producers' fields and the consumer's. */
abstract class MpscArrayQueueMidPad extends MpscArrayQueueProducerIndex {
  long p20, p21, p22, p23, p24, p25, p26, p27;
  long p30, p31, p32, p33, p34, p35, p36, p37;
}

/** Written by the consumer only: the next slot to take. */
abstract class MpscArrayQueueConsumerIndex extends MpscArrayQueueMidPad {
  static final VarHandle CONSUMER_INDEX = handle(MpscArrayQueueConsumerIndex.class, "consumerIndex");
  volatile long consumerIndex;
  long p40, p41, p42, p43, p44, p45, p46, p47;
}
