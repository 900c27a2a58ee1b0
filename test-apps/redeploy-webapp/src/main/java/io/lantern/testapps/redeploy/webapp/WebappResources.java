package io.lantern.testapps.redeploy.webapp;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import okhttp3.OkHttpClient;
import okhttp3.internal.concurrent.TaskRunner;

/**
 * What the webapp opens when it is deployed and closes when it is undeployed, as a webapp that can
 * be redeployed must: the HikariCP pool on an H2 database in memory, an OkHttp client and an
 * openai-java client. Undeploying releases everything the libraries themselves tie to this loader
 * from outside it (the driver's {@code DriverManager} entry, the pool's and the clients' threads),
 * so without an agent nothing outside the webapp keeps its loader reachable.
 *
 * <p>The host names the URLs in context parameters: {@code ping.url} (its own {@code /ping}) and
 * {@code ai.base-url} (the fake AI provider's OpenAI base URL).
 */
public final class WebappResources implements ServletContextListener {
  static final String TABLE = "items";
  private static final String ATTRIBUTE = WebappResources.class.getName();

  /**
   * Static, as applications often keep their DataSource: a class of this loader then reaches the
   * pool (and is never cleared: the loader goes with it), so an agent map that is weakly keyed by
   * the pool but whose value reaches this loader would hold both for good.
   */
  private static HikariDataSource pool;
  private OkHttpClient http;
  private OpenAIClient openAi;
  private String pingUrl;

  static WebappResources of(ServletContext context) {
    return (WebappResources) context.getAttribute(ATTRIBUTE);
  }

  HikariDataSource pool() {
    return pool;
  }

  OkHttpClient http() {
    return http;
  }

  OpenAIClient openAi() {
    return openAi;
  }

  String pingUrl() {
    return pingUrl;
  }

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    HikariConfig config = new HikariConfig();
    config.setPoolName("redeploy");
    config.setDriverClassName("org.h2.Driver");
    // DB_CLOSE_DELAY=-1: the database lives as long as H2's classes, i.e. this deployment's loader
    config.setJdbcUrl("jdbc:h2:mem:redeploy;DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(2);
    pool = new HikariDataSource(config);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INT PRIMARY KEY, name VARCHAR(32))");
      s.execute("MERGE INTO " + TABLE + " KEY (id) VALUES (1, 'first')");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    // No timeouts, on either client: Okio enforces OkHttp's timeouts on a watchdog thread of its own
    // (a class of this loader) that idles 60 s before it ends and cannot be stopped, so any timeout
    // would keep an undeployed loader reachable for a minute, agent or not.
    http = new OkHttpClient.Builder().connectTimeout(Duration.ZERO).readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO).build();
    pingUrl = context.getInitParameter("ping.url");
    openAi = OpenAIOkHttpClient.builder().baseUrl(context.getInitParameter("ai.base-url"))
        .apiKey("sk-fake-key").maxRetries(0)
        // openai-java 4.101 wraps a default (or any ExecutorService) stream-handler executor in a
        // PhantomReachableExecutorService whose Cleaner action holds the wrapper itself: it is never
        // cleaned, and its Cleaner thread keeps this loader reachable for good. A plain Executor is
        // not wrapped, and this webapp does not stream.
        .streamHandlerExecutor(Runnable::run)
        .timeout(Timeout.builder().connect(Duration.ZERO).read(Duration.ZERO).write(Duration.ZERO).request(Duration.ZERO).build())
        .build();
    context.setAttribute(ATTRIBUTE, this);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    event.getServletContext().removeAttribute(ATTRIBUTE);
    openAi.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    // OkHttp's task threads (connection-pool cleanup) idle for 60 s before they end, and each holds
    // this loader through its thread factory; a redeployable webapp ends them now.
    ((TaskRunner.RealBackend) TaskRunner.INSTANCE.getBackend()).shutdown();
    pool.close();
    // H2's driver registered itself with DriverManager when its class initialized.
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getClassLoader() == getClass().getClassLoader()) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (SQLException e) {
          event.getServletContext().log("cannot deregister " + driver, e);
        }
      }
    }
  }
}
