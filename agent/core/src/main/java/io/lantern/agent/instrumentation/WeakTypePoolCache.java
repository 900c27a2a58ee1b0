package io.lantern.agent.instrumentation;

import io.lantern.agent.util.WeakIdentityMap;
import java.lang.ref.WeakReference;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Byte Buddy's type descriptions, cached per class loader for the hierarchy walks of matching,
 * without ever keeping a class loader alive. Byte Buddy's own {@code Simple} cache maps each loader
 * strongly to its descriptions; worse, every description refers to the pool that read it and so to
 * the loader, so even a weak-keyed map would keep its keys. Here the loader is a weak key and its
 * cache is only weakly held: the cache lives while the transformation that uses it runs (and until
 * the next GC, which covers a burst of class loading), and a dropped webapp or driver loader is
 * collectable at once.
 */
final class WeakTypePoolCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  private final WeakIdentityMap<ClassLoader, WeakReference<TypePool.CacheProvider>> caches = new WeakIdentityMap<>();
  /** The bootstrap loader never goes away: its descriptions (java.*) are kept. */
  private final TypePool.CacheProvider bootstrap = new TypePool.CacheProvider.Simple();

  WeakTypePoolCache() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader loader) {
    if (loader == null) {
      return bootstrap;
    }
    WeakReference<TypePool.CacheProvider> held = caches.get(loader);
    TypePool.CacheProvider cache = held == null ? null : held.get();
    if (cache == null) {
      cache = new TypePool.CacheProvider.Simple();
      caches.put(loader, new WeakReference<>(cache));
    }
    return cache;
  }

  /** Loaders with an entry (live or not yet expunged), for tests. */
  int size() {
    return caches.size();
  }
}
