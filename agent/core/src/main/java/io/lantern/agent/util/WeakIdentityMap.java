package io.lantern.agent.util;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map from objects, by identity, to values, that does not keep its keys alive: for
 * facts about the application's objects (a statement's SQL, a connection's database). Reads and
 * writes are lock-free ({@link ConcurrentHashMap}); entries of collected keys are expunged by the
 * writing threads. Lookups allocate one small key object, which escape analysis usually removes.
 */
public final class WeakIdentityMap<K, V> {
  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<K> queue = new ReferenceQueue<>();

  public V get(K key) {
    return map.get(new LookupKey(key));
  }

  public void put(K key, V value) {
    expunge();
    map.put(new WeakKey<>(key, queue), value);
  }

  /** Puts unless the key is present; returns the value already there, or null. */
  public V putIfAbsent(K key, V value) {
    expunge();
    return map.putIfAbsent(new WeakKey<>(key, queue), value);
  }

  /** True when no entry is left (cheap: no key object, no hashing). */
  public boolean isEmpty() {
    return map.isEmpty();
  }

  public V remove(K key) {
    return map.remove(new LookupKey(key));
  }

  public int size() {
    expunge();
    return map.size();
  }

  /** The live keys, for scrape-time readers (e.g. pools). */
  @SuppressWarnings("unchecked")
  public List<K> keys() {
    expunge();
    List<K> keys = new ArrayList<>();
    for (Object key : map.keySet()) {
      Object referent = ((WeakKey<K>) key).get();
      if (referent != null) {
        keys.add((K) referent);
      }
    }
    return keys;
  }

  private void expunge() {
    Object collected;
    while ((collected = queue.poll()) != null) {
      map.remove(collected);
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

    WeakKey(K referent, ReferenceQueue<K> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
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
