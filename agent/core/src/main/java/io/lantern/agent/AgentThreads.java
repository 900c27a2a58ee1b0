package io.lantern.agent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads the agent starts for its own work (span export, ...). They are daemons, named
 * {@code lantern-*}, inherit no thread-locals, and run the {@link #setInitializer initializer}
 * first: the starter uses it to make the agent's own outbound requests (the OTLP exporter's)
 * invisible to the outbound-HTTP recorder.
 */
public final class AgentThreads {
  /** Run first on every agent thread, e.g. to make its outbound HTTP calls invisible to the recorder. */
  private static volatile Runnable initializer;

  private AgentThreads() {}

  /** Sets what every agent thread started from now on runs first (never throws into it). */
  public static void setInitializer(Runnable init) {
    initializer = init;
  }

  /** A daemon thread named {@code name}, not started. */
  public static Thread newThread(String name, Runnable task) {
    Thread thread = new Thread(null, () -> {
      Runnable init = initializer;
      if (init != null) {
        try {
          init.run();
        } catch (Throwable ignored) {
          // the thread's own work matters more
        }
      }
      task.run();
    }, name, 0, false);
    thread.setDaemon(true);
    thread.setContextClassLoader(AgentThreads.class.getClassLoader());
    return thread;
  }

  /** Makes threads named {@code prefix-1}, {@code prefix-2}, ... as {@link #newThread}. */
  public static ThreadFactory factory(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> newThread(prefix + "-" + count.incrementAndGet(), task);
  }
}
