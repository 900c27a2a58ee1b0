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
 */
final class HikariPools extends Collector {
  static final String POOL_CLASS = "com.zaxxer.hikari.pool.HikariPool";
  private static final String MX_BEAN = "com.zaxxer.hikari.HikariPoolMXBean";

  private final WeakIdentityMap<Object, Reader> pools = new WeakIdentityMap<>();
  private final InstrumentationErrors errors;

  HikariPools(InstrumentationErrors errors) {
    this.errors = errors;
  }

  void add(Object pool, Object config) throws ReflectiveOperationException {
    Class<?> mxBean = Class.forName(MX_BEAN, false, pool.getClass().getClassLoader());
    Object name = config.getClass().getMethod("getPoolName").invoke(config);
    pools.put(pool, new Reader(String.valueOf(name), mxBean.getMethod("getActiveConnections"),
        mxBean.getMethod("getIdleConnections"), mxBean.getMethod("getThreadsAwaitingConnection")));
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily count = new GaugeMetricFamily(Names.DB_CLIENT_CONNECTION_COUNT,
        "Connections of the pool by state.", Arrays.asList(Names.DB_CLIENT_CONNECTION_POOL_NAME, Names.DB_CLIENT_CONNECTION_STATE));
    GaugeMetricFamily pending = new GaugeMetricFamily(Names.DB_CLIENT_CONNECTION_PENDING_REQUESTS,
        "Threads waiting for a connection of the pool.", Collections.singletonList(Names.DB_CLIENT_CONNECTION_POOL_NAME));
    for (Object pool : pools.keys()) {
      Reader reader = pools.get(pool);
      if (reader == null) {
        continue;
      }
      try {
        int used = (Integer) reader.active.invoke(pool);
        int idle = (Integer) reader.idle.invoke(pool);
        int waiting = (Integer) reader.waiting.invoke(pool);
        count.addMetric(Arrays.asList(reader.name, Names.DB_CONNECTION_STATE_IDLE), idle);
        count.addMetric(Arrays.asList(reader.name, Names.DB_CONNECTION_STATE_USED), used);
        pending.addMetric(Collections.singletonList(reader.name), waiting);
      } catch (Throwable t) {
        errors.report(StatementTracker.INSTRUMENTATION, t);
      }
    }
    List<MetricFamilySamples> families = new ArrayList<>(2);
    families.add(count);
    families.add(pending);
    return families;
  }

  private static final class Reader {
    final String name;
    final Method active;
    final Method idle;
    final Method waiting;

    Reader(String name, Method active, Method idle, Method waiting) {
      this.name = name;
      this.active = active;
      this.idle = idle;
      this.waiting = waiting;
    }
  }
}
