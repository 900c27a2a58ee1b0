package io.lantern.testapps.traces;

import io.lantern.harness.AgentApp;
import io.lantern.harness.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Steady load on one path of an app for the reliability ITs: a few threads, each sending GETs one
 * after another over fresh sockets ({@link AgentApp#rawGet}, never retried), each with its own
 * {@code X-Request-ID}, so a test can match every answer to its {@code http_request} line and to
 * its span. Records what was sent, what was answered 200 and when ({@link System#nanoTime}), and
 * what failed (no answer, another status, a transport error).
 */
final class Load implements AutoCloseable {
  private final AgentApp app;
  private final String path;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong nextId = new AtomicLong();
  private final Map<String, Boolean> sent = new ConcurrentHashMap<>();
  /** Request id to the nanoTime its 200 arrived. */
  private final Map<String, Long> answered = new ConcurrentHashMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final List<String> failureSamples = new ArrayList<>();
  private final long pauseMillis;
  private volatile boolean stopped;

  private Load(AgentApp app, String path, long pauseMillis) {
    this.app = app;
    this.path = path;
    this.pauseMillis = pauseMillis;
  }

  /** Starts {@code threads} threads sending GET {@code path} back to back until {@link #stop}. */
  static Load start(AgentApp app, String path, int threads) {
    return start(app, path, threads, 0);
  }

  /** As {@link #start(AgentApp, String, int)}, each thread pausing {@code pauseMillis} after each answer. */
  static Load start(AgentApp app, String path, int threads, long pauseMillis) {
    Load load = new Load(app, path, pauseMillis);
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(load::run, "load-" + i);
      t.setDaemon(true);
      load.threads.add(t);
      t.start();
    }
    return load;
  }

  private void run() {
    while (!stopped) {
      String id = "load-" + nextId.incrementAndGet();
      sent.put(id, Boolean.TRUE);
      try {
        Optional<Response> r = app.rawGet(path, "X-Request-ID", id);
        if (r.isPresent() && r.get().status() == 200) {
          answered.put(id, System.nanoTime());
        } else {
          fail(id + ": " + r);
        }
      } catch (RuntimeException e) {
        fail(id + ": " + e);
      }
      if (pauseMillis > 0 && !stopped) {
        TracesItSupport.sleep(pauseMillis);
      }
    }
  }

  private void fail(String what) {
    if (stopped) {
      return; // the app is going away: what fails now is the test's doing, not the agent's
    }
    failures.incrementAndGet();
    synchronized (failureSamples) {
      if (failureSamples.size() < 5) {
        failureSamples.add(what);
      }
    }
  }

  /** Stops sending and waits for the threads (each finishes its request in flight). */
  void stop() {
    stopped = true;
    for (Thread t : threads) {
      try {
        t.join(35_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Ids of every request sent, answered or not. */
  java.util.Set<String> sent() {
    return sent.keySet();
  }

  /** How many requests were answered 200 so far. */
  int answeredCount() {
    return answered.size();
  }

  /** Ids of the requests answered 200 before {@code nanoTime}. */
  List<String> answeredBefore(long nanoTime) {
    return answered.entrySet().stream().filter(e -> e.getValue() - nanoTime < 0).map(Map.Entry::getKey)
        .sorted().collect(Collectors.toList());
  }

  /** Requests that failed while the load ran (not after {@link #stop}). */
  int failures() {
    return failures.get();
  }

  String failureSamples() {
    synchronized (failureSamples) {
      return String.join("\n", failureSamples);
    }
  }

  /** Waits until at least {@code count} requests were answered (30 s at most). */
  void awaitAnswered(int count) {
    long deadline = System.nanoTime() + TracesItSupport.WAIT.toNanos();
    while (answered.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + answered.size() + " of " + count + " requests answered; failures: "
            + failureSamples());
      }
      TracesItSupport.sleep(20);
    }
  }
}
