package io.lantern.agent.metrics;

import com.sun.net.httpserver.BasicAuthenticator;
import io.lantern.agent.AgentThreads;
import io.lantern.agent.Names;
import io.lantern.agent.config.LanternConfig;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.Level;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@code /metrics} and {@code /-/healthy} endpoint. A port that cannot be bound gives one
 * {@code metrics_error} event and the application runs on without the endpoint (law 1).
 *
 * <p>Scrapes run on {@value #SCRAPE_THREADS} threads of the agent's own. simpleclient's default
 * pool is a fixed pool of 5 cut to one core thread over an unbounded queue, which never grows past
 * that one thread: a single scraper that stopped reading mid-response (its TCP window full) held
 * the write, and every later scrape waited behind it for as long as that client stayed connected.
 * The JDK HttpServer has no write timeout of its own but a JVM-wide system property, which would
 * also change the application's own servers, so a stalled scrape still holds its thread until its
 * client goes away; it takes {@value #SCRAPE_THREADS} of them at once to delay other scrapes.
 * Recording never waits for a scrape: the collectors are read into a buffer first, then written.
 */
public final class MetricsServer {
  /** Scrapes served at once; threads beyond need are not kept (they time out after a minute idle). */
  static final int SCRAPE_THREADS = 4;

  private MetricsServer() {}

  /** Returns the running server, or null when it could not start. */
  public static HTTPServer start(LanternConfig config, CollectorRegistry registry, EventLog events) {
    String address = config.metricsHost() + ":" + config.metricsPort();
    try {
      HTTPServer.Builder builder =
          new HTTPServer.Builder()
              .withHostname(config.metricsHost())
              .withPort(config.metricsPort())
              .withRegistry(registry)
              .withExecutorService(scrapeThreads());
      if (config.metricsUsername() != null && config.metricsPassword() != null) {
        builder.withAuthenticator(new Credentials(config.metricsUsername(), config.metricsPassword()));
      }
      HTTPServer server = builder.build();
      String listening = config.metricsHost() + ":" + server.getPort();
      events.emit(
          FieldsEvent.of(Names.EVENT_METRICS_LISTEN, Level.INFO, "metrics at http://" + listening + "/metrics")
              .with(Names.ADDRESS, listening));
      return server;
    } catch (Throwable e) {
      events.emit(
          FieldsEvent.of(Names.EVENT_METRICS_ERROR, Level.ERROR,
                  "metrics endpoint not started on " + address + "; the application runs on without it")
              .with(Names.ADDRESS, address)
              .with(Names.ERROR, String.valueOf(e)));
      return null;
    }
  }

  private static ExecutorService scrapeThreads() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(SCRAPE_THREADS, SCRAPE_THREADS, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), AgentThreads.factory("lantern-metrics-http"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Basic auth compared in constant time. */
  private static final class Credentials extends BasicAuthenticator {
    private final byte[] username;
    private final byte[] password;

    Credentials(String username, String password) {
      super("lantern");
      this.username = username.getBytes(StandardCharsets.UTF_8);
      this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean checkCredentials(String user, String pass) {
      boolean userOk = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
      boolean passOk = MessageDigest.isEqual(password, pass.getBytes(StandardCharsets.UTF_8));
      return userOk & passOk;
    }
  }
}
