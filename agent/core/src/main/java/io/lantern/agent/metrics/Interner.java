package io.lantern.agent.metrics;

import io.lantern.agent.Names;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Label values to small ints, append-only, so a hot path can pack a few low-cardinality labels
 * into the int key of a {@link SeriesTable}. Index 0 is {@link Names#OTHER}; past its capacity
 * every new value is index 0 (law 4: bounded).
 */
public final class Interner {
  private final ConcurrentHashMap<String, Integer> indexes = new ConcurrentHashMap<>();
  private final String[] names;
  /** Written under the lock, read without it: when full, a new value is index 0 without locking. */
  private volatile int size = 1;

  /** @param capacity how many values, {@code _OTHER} included, get an index of their own */
  public Interner(int capacity) {
    names = new String[capacity];
    names[0] = Names.OTHER;
    indexes.put(Names.OTHER, 0);
  }

  /** The stable index of {@code name}; a lookup without a lock once the name was seen. */
  public int index(String name) {
    Integer index = indexes.get(name);
    if (index != null) {
      return index;
    }
    // full: every unseen value is _OTHER, and taking the lock to find that out would make each
    // such call wait on every other
    return size == names.length ? 0 : add(name);
  }

  private synchronized int add(String name) {
    Integer index = indexes.get(name);
    if (index != null) {
      return index;
    }
    if (size == names.length) {
      return 0;
    }
    names[size] = name;
    indexes.put(name, size);
    return size++;
  }

  /** The value of an index handed out by {@link #index}. */
  public synchronized String name(int index) {
    return names[index];
  }

  /** How many indexes exist, {@code _OTHER} included: packed keys multiply by the capacity, not this. */
  public int capacity() {
    return names.length;
  }
}
