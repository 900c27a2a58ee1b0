package io.lantern.agent.util;

import io.lantern.agent.AgentThreads;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map from objects, by identity, to values, that does not keep its keys alive: for
 * facts about the application's objects (a statement's SQL, a connection's database). Reads and
 * writes are {@link ConcurrentHashMap}'s; entries of collected keys are removed by one agent thread
 * for all maps ({@link Expunger}), never by the application's threads. Lookups allocate one small
 * key object, which escape analysis usually removes.
 */
public final class WeakIdentityMap<K, V> {
  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();

  public WeakIdentityMap() {
    // Start the expunger now, from the module install that makes this map, not from the first
    // put on some application thread (a thread keeps what its creator's context held).
    Expunger.start();
  }

  public V get(K key) {
    return map.get(new LookupKey(key));
  }

  public void put(K key, V value) {
    map.put(new WeakKey<>(key, map), value);
  }

  /** Puts unless the key is present; returns the value already there, or null. */
  public V putIfAbsent(K key, V value) {
    return map.putIfAbsent(new WeakKey<>(key, map), value);
  }

  /** True when no entry is left (cheap: no key object, no hashing). */
  public boolean isEmpty() {
    return map.isEmpty();
  }

  public V remove(K key) {
    return map.remove(new LookupKey(key));
  }

  /** Entries, including those of keys collected moments ago that the expunger has not removed yet. */
  public int size() {
    return map.size();
  }

  /** The live keys, for scrape-time readers (e.g. pools). */
  @SuppressWarnings("unchecked")
  public List<K> keys() {
    List<K> keys = new ArrayList<>();
    for (Object key : map.keySet()) {
      Object referent = ((WeakKey<K>) key).get();
      if (referent != null) {
        keys.add((K) referent);
      }
    }
    return keys;
  }

  /**
   * Removes the entry of every collected key, of every map, on its own daemon thread. Not done by
   * the writers: polling a {@link ReferenceQueue} takes the queue's lock, shared with the JVM's
   * reference handler and every other writer, and under 10,000 virtual-thread requests that
   * contended enter pinned carriers inside the JDBC hook (VirtualThreadPinningIT).
   */
  private static final class Expunger {
    static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();

    static {
      AgentThreads.newThread("lantern-weak-keys", Expunger::run).start();
    }

    private Expunger() {}

    /** Initializing the class starts the thread; this only makes sure it happened. */
    static void start() {}

    private static void run() {
      while (true) {
        try {
          WeakKey<?> collected = (WeakKey<?>) QUEUE.remove();
          collected.owner.remove(collected);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // one odd entry must not end the thread that cleans every map
        }
      }
    }
  }

  /** Compares equal to a live {@link WeakKey} of the same referent. */
  private static final class LookupKey {
    private final Object referent;

    LookupKey(Object referent) {
      this.referent = referent;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(referent);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof WeakKey && ((WeakKey<?>) other).get() == referent;
    }
  }

  private static final class WeakKey<K> extends WeakReference<K> {
    private final int hash;
    /** The map holding this key, for the expunger. */
    final ConcurrentHashMap<Object, ?> owner;

    WeakKey(K referent, ConcurrentHashMap<Object, ?> owner) {
      super(referent, Expunger.QUEUE);
      this.hash = System.identityHashCode(referent);
      this.owner = owner;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (other instanceof LookupKey) {
        return other.equals(this);
      }
      return other instanceof WeakKey && get() != null && ((WeakKey<?>) other).get() == get();
    }
  }
}
