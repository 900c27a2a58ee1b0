package io.lantern.instrumentation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.LanternMetrics;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pool gauges against a real HikariCP on H2, and the property a redeployed webapp needs of
 * them: a dropped pool leaves nothing in the agent that keeps its class loader reachable.
 */
class HikariPoolsTest {
  private final HikariPools pools = new HikariPools(new InstrumentationErrors(new LanternMetrics(10), EventLog.noop()));

  @Test
  void aLivePoolIsReadThroughItsMxBean() throws Exception {
    try (AutoCloseable ds = newPool(HikariPoolsTest.class.getClassLoader(), "live")) {
      pools.add(ds.getClass().getMethod("getHikariPoolMXBean").invoke(ds), ds);
      List<MetricFamilySamples> families = pools.collect();
      assertEquals(2, families.get(0).samples.size(), families.toString()); // idle and used
      assertEquals(1, families.get(1).samples.size(), families.toString()); // pending
      assertEquals(List.of("live", "idle"), families.get(0).samples.get(0).labelValues);
    }
  }

  @Test
  void aDroppedPoolKeepsNoLoaderReachable() throws Exception {
    WeakReference<ClassLoader> loader = addAndDropPoolOfItsOwnLoader();
    for (int round = 0; round < 40 && loader.get() != null; round++) {
      System.gc();
      Thread.sleep(50);
    }
    // no scrape in between: an entry is only expunged by one, and must not be needed to let go
    assertNull(loader.get(), "a dropped pool's class loader is still reachable from HikariPools");
  }

  private WeakReference<ClassLoader> addAndDropPoolOfItsOwnLoader() throws Exception {
    URLClassLoader loader = new URLClassLoader(new URL[] {jarOf("com.zaxxer.hikari.HikariDataSource"),
        jarOf("org.h2.Driver"), jarOf("org.slf4j.LoggerFactory")}, ClassLoader.getPlatformClassLoader());
    // as a container runs a webapp: Hikari loads the driver class through the context loader first
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try (AutoCloseable ds = newPool(loader, "dropped")) {
      pools.add(ds.getClass().getMethod("getHikariPoolMXBean").invoke(ds), ds);
      assertEquals(List.of("dropped", "idle"), pools.collect().get(0).samples.get(0).labelValues);
    } finally {
      thread.setContextClassLoader(context);
    }
    // H2's driver registered itself with DriverManager; unregistered as a container does on undeploy
    Class.forName("org.h2.Driver", false, loader).getMethod("unload").invoke(null);
    loader.close();
    return new WeakReference<>(loader);
  }

  /** A HikariDataSource (its own HikariConfig) of the loader's Hikari, on an H2 database in memory. */
  private static AutoCloseable newPool(ClassLoader loader, String name) throws Exception {
    Class<?> type = Class.forName("com.zaxxer.hikari.HikariDataSource", true, loader);
    Object ds = type.getDeclaredConstructor().newInstance();
    type.getMethod("setPoolName", String.class).invoke(ds, name);
    type.getMethod("setDriverClassName", String.class).invoke(ds, "org.h2.Driver");
    type.getMethod("setJdbcUrl", String.class).invoke(ds, "jdbc:h2:mem:" + name);
    type.getMethod("setMaximumPoolSize", int.class).invoke(ds, 1);
    ((AutoCloseable) type.getMethod("getConnection").invoke(ds)).close(); // starts the pool
    return (AutoCloseable) ds;
  }

  private static URL jarOf(String className) throws ClassNotFoundException {
    return Class.forName(className).getProtectionDomain().getCodeSource().getLocation();
  }
}
