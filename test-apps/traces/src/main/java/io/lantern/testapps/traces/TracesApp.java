package io.lantern.testapps.traces;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDK HttpServer app on H2 for the tracing ITs. Every {@code /hop/<kind>} endpoint hands one
 * SELECT to another thread the way its kind does and waits for it; the statement's span must be a
 * child of the request's span. Hopped tasks also log through logback.
 *
 * <ul>
 *   <li>{@code /db}: one SELECT on the request thread.
 *   <li>{@code /missing/<n>}: one SELECT from table {@code missing_<n>}, which does not exist (the
 *       statement fails, the request answers 200): each n is a new series of statement metrics,
 *       for a test that needs a large {@code /metrics} response.
 *   <li>{@code /log/logback}, {@code /log/log4j2}: one line through the application's own logger.
 *   <li>{@code /hop/supply-async} (common pool), {@code /hop/supply-async-executor},
 *       {@code /hop/then-apply-async} (a stage registered here, its source completed by a plain
 *       thread), {@code /hop/pool-execute} (a lambda), {@code /hop/pool-submit},
 *       {@code /hop/scheduled}, {@code /hop/forkjoin} (submit a Callable),
 *       {@code /hop/forkjoin-task} (a RecursiveTask that forks), {@code /hop/common-pool},
 *       {@code /hop/thread-start} ({@code new Thread(runnable).start()}), {@code /hop/virtual}
 *       and {@code /hop/virtual-execute} (JDK 21+), {@code /hop/virtual-start}
 *       ({@code Thread.ofVirtual().start(runnable)}, JDK 21+).
 * </ul>
 *
 * Prints {@code LISTENING <port>}; logs "outside" through both loggers before serving.
 */
public final class TracesApp {
  static final String URL = "jdbc:h2:mem:traces;DB_CLOSE_DELAY=-1";
  private static final Logger LOGBACK = LoggerFactory.getLogger("app");
  private static final org.apache.logging.log4j.Logger LOG4J = LogManager.getLogger("app");

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService scheduled = Executors.newScheduledThreadPool(1);
  private final ForkJoinPool forkJoin = new ForkJoinPool(2);

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(100))");
      s.executeUpdate("INSERT INTO users (id, name) VALUES (1, 'alice')");
    }
    TracesApp app = new TracesApp();
    LOGBACK.info("outside logback");
    LOG4J.info("outside log4j2");
    HttpServer server = HttpServer.create(new InetSocketAddress(Integer.getInteger("app.port", 8080)), 64);
    server.createContext("/db", ex -> respond(ex, query("request")));
    server.createContext("/missing/", ex -> respond(ex, queryMissing(ex.getRequestURI().getPath().substring(9))));
    server.createContext("/log/logback", ex -> {
      LOGBACK.info("inside logback");
      respond(ex, "logged");
    });
    server.createContext("/log/log4j2", ex -> {
      LOG4J.info("inside log4j2");
      respond(ex, "logged");
    });
    server.createContext("/hop/", ex -> {
      String kind = ex.getRequestURI().getPath().substring("/hop/".length());
      try {
        respond(ex, app.hop(kind));
      } catch (Exception e) {
        byte[] body = e.toString().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(500, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
  }

  String hop(String kind) throws Exception {
    Callable<String> work = () -> {
      LOGBACK.info("hop " + kind);
      return query(kind);
    };
    switch (kind) {
      case "supply-async":
        return CompletableFuture.supplyAsync(() -> call(work)).get(20, TimeUnit.SECONDS);
      case "supply-async-executor":
        return CompletableFuture.supplyAsync(() -> call(work), pool).get(20, TimeUnit.SECONDS);
      case "then-apply-async": {
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletableFuture<String> stage = source.thenApplyAsync(x -> call(work), pool);
        new Thread(() -> source.complete(1), "plain-completer").start();
        return stage.get(20, TimeUnit.SECONDS);
      }
      case "pool-execute": {
        AtomicReference<String> result = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        pool.execute(() -> {
          result.set(call(work));
          done.countDown();
        });
        done.await(20, TimeUnit.SECONDS);
        return result.get();
      }
      case "pool-submit":
        return pool.submit(work).get(20, TimeUnit.SECONDS);
      case "scheduled":
        return scheduled.schedule(work, 5, TimeUnit.MILLISECONDS).get(20, TimeUnit.SECONDS);
      case "forkjoin":
        return forkJoin.submit(work).get(20, TimeUnit.SECONDS);
      case "common-pool":
        return ForkJoinPool.commonPool().submit(work).get(20, TimeUnit.SECONDS);
      case "forkjoin-task":
        return forkJoin.invoke(new Forking(work));
      case "virtual": {
        ExecutorService virtual = virtualThreadPerTask();
        try {
          return virtual.submit(work).get(20, TimeUnit.SECONDS);
        } finally {
          virtual.shutdown();
        }
      }
      case "virtual-execute": {
        AtomicReference<String> result = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ExecutorService virtual = virtualThreadPerTask();
        try {
          virtual.execute(() -> {
            result.set(call(work));
            done.countDown();
          });
          done.await(20, TimeUnit.SECONDS);
        } finally {
          virtual.shutdown();
        }
        return result.get();
      }
      case "thread-start": {
        AtomicReference<String> result = new AtomicReference<>();
        Thread thread = new Thread(() -> result.set(call(work)), "plain-thread");
        thread.start();
        thread.join(20_000);
        return result.get();
      }
      case "virtual-start": {
        AtomicReference<String> result = new AtomicReference<>();
        // Thread.ofVirtual().start(runnable), which this Java 17 app can only reach reflectively
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Thread thread = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
            .invoke(builder, (Runnable) () -> result.set(call(work)));
        thread.join(20_000);
        return result.get();
      }
      default:
        throw new IllegalArgumentException("unknown hop " + kind);
    }
  }

  /** Forks one subtask, which runs the work (possibly stolen by another worker). */
  static final class Forking extends RecursiveTask<String> {
    private final Callable<String> work;

    Forking(Callable<String> work) {
      this.work = work;
    }

    @Override
    protected String compute() {
      RecursiveTask<String> child = new RecursiveTask<String>() {
        @Override
        protected String compute() {
          return call(work);
        }
      };
      child.fork();
      return child.join();
    }
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}, which this Java 17 app can only reach reflectively. */
  static ExecutorService virtualThreadPerTask() throws ReflectiveOperationException {
    return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
  }

  static String call(Callable<String> work) {
    try {
      return work.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String queryMissing(String n) {
    if (!n.matches("[0-9]{1,6}")) {
      return "not a number";
    }
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1 FROM missing_" + n);
      return "found";
    } catch (SQLException e) {
      return "missing";
    }
  }

  static String query(String tag) {
    try (Connection c = DriverManager.getConnection(URL);
        PreparedStatement p = c.prepareStatement("SELECT name FROM users WHERE id = ?")) {
      p.setInt(1, 1);
      try (ResultSet rs = p.executeQuery()) {
        return tag + ":" + (rs.next() ? rs.getString(1) : "none") + ":" + Thread.currentThread().getName();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void respond(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
