package io.lantern.instrumentation.jdbc;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.util.WeakIdentityMap;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code db_client_connection_count{pool, state}} and {@code db_client_connection_pending_requests{pool}}
 * of every live HikariCP pool, read when scraped through Hikari's public {@code HikariPoolMXBean}
 * interface (reflectively: the agent is not compiled against the application's Hikari). Pools are
 * held weakly: a pool the application dropped disappears from the scrape.
 *
 * <p>Nothing here may reach the application's classes from the agent: the map's values are only
 * pool names, and the reflective readers live in a {@link ClassValue} of the pool class, i.e. in
 * the pool class itself. A {@code Method} in a map value would hold Hikari's class, hence the
 * webapp's loader, until the next scrape expunged the entry (and for good if the application's
 * loader reaches the pool), so every redeployed webapp with a pool leaked its loader.
 */
final class HikariPools extends Collector {
  static final String POOL_CLASS = "com.zaxxer.hikari.pool.HikariPool";
  private static final String MX_BEAN = "com.zaxxer.hikari.HikariPoolMXBean";

  private static final ClassValue<Reader> READERS = new ClassValue<Reader>() {
    @Override
    protected Reader computeValue(Class<?> poolClass) {
      try {
        return new Reader(Class.forName(MX_BEAN, false, poolClass.getClassLoader()));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("no " + MX_BEAN + " beside " + poolClass.getName(), e);
      }
    }
  };

  /** Each live pool's name. */
  private final WeakIdentityMap<Object, String> pools = new WeakIdentityMap<>();
  private final InstrumentationErrors errors;

  HikariPools(InstrumentationErrors errors) {
    this.errors = errors;
  }

  void add(Object pool, Object config) throws ReflectiveOperationException {
    READERS.get(pool.getClass()); // fails here, where it is reported, rather than on every scrape
    Object name = config.getClass().getMethod("getPoolName").invoke(config);
    pools.put(pool, String.valueOf(name));
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily count = new GaugeMetricFamily(Names.DB_CLIENT_CONNECTION_COUNT,
        "Connections of the pool by state.", Arrays.asList(Names.DB_CLIENT_CONNECTION_POOL_NAME, Names.DB_CLIENT_CONNECTION_STATE));
    GaugeMetricFamily pending = new GaugeMetricFamily(Names.DB_CLIENT_CONNECTION_PENDING_REQUESTS,
        "Threads waiting for a connection of the pool.", Collections.singletonList(Names.DB_CLIENT_CONNECTION_POOL_NAME));
    for (Object pool : pools.keys()) {
      String name = pools.get(pool);
      if (name == null) {
        continue;
      }
      try {
        Reader reader = READERS.get(pool.getClass());
        int used = (Integer) reader.active.invoke(pool);
        int idle = (Integer) reader.idle.invoke(pool);
        int waiting = (Integer) reader.waiting.invoke(pool);
        count.addMetric(Arrays.asList(name, Names.DB_CONNECTION_STATE_IDLE), idle);
        count.addMetric(Arrays.asList(name, Names.DB_CONNECTION_STATE_USED), used);
        pending.addMetric(Collections.singletonList(name), waiting);
      } catch (Throwable t) {
        errors.report(StatementTracker.INSTRUMENTATION, t);
      }
    }
    List<MetricFamilySamples> families = new ArrayList<>(2);
    families.add(count);
    families.add(pending);
    return families;
  }

  /** {@code HikariPoolMXBean}'s getters, as one Hikari version declares them. */
  private static final class Reader {
    final Method active;
    final Method idle;
    final Method waiting;

    Reader(Class<?> mxBean) throws NoSuchMethodException {
      this.active = mxBean.getMethod("getActiveConnections");
      this.idle = mxBean.getMethod("getIdleConnections");
      this.waiting = mxBean.getMethod("getThreadsAwaitingConnection");
    }
  }
}
