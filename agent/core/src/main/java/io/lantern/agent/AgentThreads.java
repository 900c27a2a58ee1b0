package io.lantern.agent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads the agent starts for its own work (span export, ...). They are daemons, named
 * {@code lantern-*}, inherit no thread-locals, and know they are the agent's: an outbound-HTTP
 * instrumentation asks {@link #isAgentThread()} so that the agent's own requests (the OTLP
 * exporter's) are not traced as the application's.
 */
public final class AgentThreads {
  private static final ThreadLocal<Boolean> AGENT = new ThreadLocal<>();
  /** Run first on every agent thread, e.g. to make its outbound HTTP calls invisible to the recorder. */
  private static volatile Runnable initializer;

  private AgentThreads() {}

  /** True on a thread made here. */
  public static boolean isAgentThread() {
    return AGENT.get() != null;
  }

  /** Sets what every agent thread started from now on runs first (never throws into it). */
  public static void setInitializer(Runnable init) {
    initializer = init;
  }

  /** A daemon thread named {@code name}, not started. */
  public static Thread newThread(String name, Runnable task) {
    Thread thread = new Thread(null, () -> {
      AGENT.set(Boolean.TRUE);
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
