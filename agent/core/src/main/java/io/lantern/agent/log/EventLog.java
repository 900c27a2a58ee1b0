package io.lantern.agent.log;

import io.lantern.agent.util.MpscArrayQueue;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The agent's asynchronous JSON event log.
 *
 * <p>The calling (request) thread never blocks, locks or does I/O: {@link #emit} offers the ready
 * event object to a bounded lock-free MPSC queue and returns; when the queue is full the event is
 * dropped and counted ({@link #droppedCount()}). One daemon thread, {@code lantern-event-writer},
 * drains the queue, formats each event as one JSON line ({@link EventFormatter}) into one reused
 * buffer ({@link EventSink}) and writes what it drained in one {@code write}. It then parks for
 * 10 ms (unless the queue was at least half full), so at full load it wakes ~100 times a second
 * and a line reaches the file within ~10 ms.
 *
 * <p>Nothing here throws into the caller. {@link #close()} (meant for a shutdown hook, which the
 * caller registers) drains what is queued for at most 2 s, flushes and stops the thread.
 */
public final class EventLog {
  static final String THREAD_NAME = "lantern-event-writer";
  static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final int BATCH = 4096;
  static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** Level ordinal threshold meaning "nothing is enabled". */
  private static final int DISABLED = Integer.MAX_VALUE;

  private static final EventLog NOOP = new EventLog();

  private final int minOrdinal;
  private final MpscArrayQueue<Event> queue;
  private final LongAdder dropped = new LongAdder();
  private final EventLogSettings settings;
  private final PrintStream diagnostics;
  /** Opened by the writer thread, so the agent's start-up does not wait for the file. */
  private EventSink sink;
  /** Drained at least this many: do not park, the queue is filling. */
  private final int busy;
  private final EventFormatter formatter;
  private final Thread writer;
  private final AtomicBoolean closeRequested = new AtomicBoolean();
  private volatile boolean closed;
  /** A second consumer of every accepted event (the OTLP log exporter's queue), or null. */
  private volatile Consumer<Event> also;

  /** The no-op log. */
  private EventLog() {
    this.minOrdinal = DISABLED;
    this.queue = null;
    this.settings = null;
    this.busy = 0;
    this.diagnostics = null;
    this.formatter = null;
    this.writer = null;
    this.closed = true;
  }

  private EventLog(EventLogSettings s, PrintStream diagnostics) {
    this.minOrdinal = s.level().ordinal();
    this.queue = new MpscArrayQueue<>(s.queueSize());
    this.busy = Math.max(1, Math.min(BATCH, queue.capacity() / 2));
    this.settings = s;
    this.diagnostics = diagnostics;
    this.formatter = new EventFormatter(s.service(), s.serviceVersion(), s.deploymentEnvironment());
    // no inherited thread-locals from whoever starts the agent
    this.writer = new Thread(null, this::runWriter, THREAD_NAME, 0, false);
    writer.setDaemon(true);
    writer.setContextClassLoader(EventLog.class.getClassLoader());
  }

  /**
   * Starts a log as configured. Never throws: target NONE (or null settings) gives {@link
   * #noop()}; a FILE that cannot be written falls back to stderr with one diagnostic line on
   * stderr; any other failure prints one line to stderr and gives {@link #noop()}.
   */
  public static EventLog start(EventLogSettings settings) {
    return start(settings, System.err);
  }

  static EventLog start(EventLogSettings settings, PrintStream diagnostics) {
    try {
      if (settings == null || settings.target() == EventLogTarget.NONE) {
        return NOOP;
      }
      EventLog log = new EventLog(settings, diagnostics);
      log.writer.start();
      return log;
    } catch (Throwable t) {
      try {
        diagnostics.println("[lantern] cannot start the event log: " + t + "; events are not written");
      } catch (Throwable ignored) {
        // nothing left to tell
      }
      return NOOP;
    }
  }

  /** A log that writes nothing: {@link #isEnabled} is always false, {@link #emit} does nothing. */
  public static EventLog noop() {
    return NOOP;
  }

  /** Microseconds since the epoch, now (for {@link Event#epochMicros()}). */
  public static long currentEpochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Whether an event of this level would be written: level >= configured level, target not NONE, not closed. */
  public boolean isEnabled(Level level) {
    return level != null && level.ordinal() >= minOrdinal && !closed;
  }

  /**
   * Hands the event to the writer thread; never blocks, never throws. An event below the
   * configured level (or emitted to a no-op or closed log) is ignored silently; when the queue is
   * full the event is dropped and counted.
   */
  public void emit(Event event) {
    try {
      if (event == null || closed) {
        return;
      }
      Level level = event.level();
      if ((level == null ? Level.INFO : level).ordinal() < minOrdinal) {
        return;
      }
      Consumer<Event> second = also;
      if (second != null) {
        second.accept(event);
      }
      if (!queue.offer(event)) {
        dropped.increment();
      }
    } catch (Throwable ignored) {
      // never into the caller
    }
  }

  /**
   * Also hands every event {@link #emit} accepts to this consumer, on the emitting thread (so it
   * must not block; the OTLP log exporter's queue). Ignored on the no-op log.
   */
  public void alsoTo(Consumer<Event> consumer) {
    if (this != NOOP) {
      also = consumer;
    }
  }

  /** Events dropped because the queue was full, since start. */
  public long droppedCount() {
    return dropped.sum();
  }

  /** Whether this is the no-op log (target NONE or start failure). */
  public boolean isNoop() {
    return this == NOOP;
  }

  /**
   * Stops accepting events, writes what is queued (waiting at most 2 s), flushes and stops the
   * writer thread. Idempotent; never throws.
   */
  public void close() {
    if (writer == null) {
      return;
    }
    try {
      if (closeRequested.compareAndSet(false, true)) {
        closed = true;
        LockSupport.unpark(writer);
      }
      if (Thread.currentThread() != writer && writer.isAlive()) {
        writer.join(TimeUnit.NANOSECONDS.toMillis(CLOSE_TIMEOUT_NANOS) + 100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable ignored) {
      // shutting down
    }
  }

  private void runWriter() {
    try {
      sink = EventSink.open(settings, diagnostics);
    } catch (Throwable t) {
      closed = true;
      diagnostics.println("[lantern] cannot start the event log: " + t + "; events are not written");
      return;
    }
    try {
      while (!closed) {
        int n = drainBatch();
        sink.flush();
        if (n < busy && !closed) {
          LockSupport.parkNanos(this, PARK_NANOS);
        }
      }
      long deadline = System.nanoTime() + CLOSE_TIMEOUT_NANOS;
      while (drainBatch() > 0 && System.nanoTime() - deadline < 0) {
        sink.flush();
      }
    } catch (Throwable ignored) {
      // the writer must not die noisily inside someone else's JVM
    } finally {
      sink.close();
    }
  }

  /** Writes up to one batch; returns how many events were taken from the queue. */
  private int drainBatch() {
    int n = 0;
    Event e;
    while (n < BATCH && (e = queue.relaxedPoll()) != null) {
      n++;
      try {
        sink.write(formatter.format(e));
      } catch (Throwable ignored) {
        // one bad event must not stop the others
      }
    }
    if (n == 0 && !queue.isEmpty()) {
      // a producer is between claiming a slot and publishing it: try the strict poll
      e = queue.poll();
      if (e != null) {
        n++;
        try {
          sink.write(formatter.format(e));
        } catch (Throwable ignored) {
          // as above
        }
      }
    }
    return n;
  }

  /** For tests; null for the no-op log. */
  Thread writerThread() {
    return writer;
  }

  @Override
  public String toString() {
    EventSink current = sink;
    return this == NOOP ? "EventLog{noop}" : "EventLog{" + (current == null ? "starting" : current.description()) + ", dropped=" + droppedCount() + '}';
  }
}
