package io.lantern.testapps.jdbc;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What an application server does to a webapp's JDBC driver on every redeploy: a driver loaded in
 * a class loader of its own, used, and dropped. Each cycle defines H2's classes anew from the app
 * jar in a fresh loader, runs a CREATE and a SELECT through it, unregisters the driver, and keeps
 * only a weak reference to the loader; then the loaders still reachable after full GCs are counted.
 */
final class DriverLoaders {
  static final String PROBE_TABLE = "leak_probe";

  private DriverLoaders() {}

  /** Runs {@code cycles} load-use-drop cycles; returns how many of their loaders are still reachable. */
  static int cycle(int cycles) throws Exception {
    URL jar = JdbcApp.class.getProtectionDomain().getCodeSource().getLocation();
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    for (int i = 0; i < cycles; i++) {
      loaders.add(useAndDrop(jar, i));
    }
    for (int round = 0; round < 40 && reachable(loaders) > 0; round++) {
      System.gc();
      Thread.sleep(50);
    }
    return reachable(loaders);
  }

  private static WeakReference<ClassLoader> useAndDrop(URL jar, int cycle) throws Exception {
    URLClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
    Class<?> driverClass = loader.loadClass("org.h2.Driver");
    Driver driver = (Driver) driverClass.getDeclaredConstructor().newInstance();
    try (Connection c = driver.connect("jdbc:h2:mem:loader" + cycle, new Properties());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + PROBE_TABLE + " (id INT)");
      try (PreparedStatement p = c.prepareStatement("SELECT id FROM " + PROBE_TABLE); ResultSet rs = p.executeQuery()) {
        rs.next();
      }
    }
    // H2's driver registers itself with DriverManager when its class initializes; as a container
    // does on undeploy, unregister it from its own class (DriverManager checks the caller's loader).
    driverClass.getMethod("unload").invoke(null);
    loader.close();
    return new WeakReference<>(loader);
  }

  private static int reachable(List<WeakReference<ClassLoader>> loaders) {
    int count = 0;
    for (WeakReference<ClassLoader> loader : loaders) {
      if (loader.get() != null) {
        count++;
      }
    }
    return count;
  }
}
