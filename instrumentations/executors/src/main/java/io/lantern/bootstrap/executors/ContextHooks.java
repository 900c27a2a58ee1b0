package io.lantern.bootstrap.executors;

/**
 * Bootstrap-visible entry points of the advice inlined into the JDK's executors, task classes and
 * {@code CompletableFuture}, forwarding with java.base types to the handler the agent installed
 * from its own loader. A task remembers the span current where it was submitted; the thread that
 * runs it makes that span current for the run.
 */
public final class ContextHooks {
  private ContextHooks() {}

  /** What {@link #attach} returns when it changed nothing; {@link #detach} then does nothing either. */
  public static final Object NOTHING = new Object();

  /** Implemented inside the agent. */
  public interface Handler {
    /** A task was created (or submitted) here: remember the current span for it, if any. */
    void capture(Object task);

    /** A JDK adapter wrapping {@code wrapped} was created here: as {@link #capture}. */
    void captureWrapping(Object task, Object wrapped);

    /** A task was handed to an executor: as {@link #capture}, unless it already has a span. */
    void captureIfAbsent(Object task);

    /** The task is about to run on this thread: make its span current; returns what to restore, or {@link #NOTHING}. */
    Object attach(Object task);

    /** The task's run ended: put back what {@link #attach} returned; {@code done}: forget the task. */
    void detach(Object token, Object task, boolean done);

    /** A pool worker took {@code task} (may be null) from its queue and is about to run it. */
    void workerTask(Object task);

    /** A pool worker is between tasks: nothing of the last task stays current. */
    void workerIdle();
  }

  private static volatile Handler handler;

  public static void install(Handler installed) {
    handler = installed;
  }

  public static void capture(Object task) {
    Handler current = handler;
    if (current != null) {
      current.capture(task);
    }
  }

  public static void captureWrapping(Object task, Object wrapped) {
    Handler current = handler;
    if (current != null) {
      current.captureWrapping(task, wrapped);
    }
  }

  public static void captureIfAbsent(Object task) {
    Handler current = handler;
    if (current != null && task != null) {
      current.captureIfAbsent(task);
    }
  }

  public static Object attach(Object task) {
    Handler current = handler;
    return current == null ? NOTHING : current.attach(task);
  }

  public static void detach(Object token, Object task, boolean done) {
    Handler current = handler;
    if (current != null && token != NOTHING) {
      current.detach(token, task, done);
    }
  }

  public static void workerTask(Object task) {
    Handler current = handler;
    if (current != null && task != null) {
      current.workerTask(task);
    }
  }

  public static void workerIdle() {
    Handler current = handler;
    if (current != null) {
      current.workerIdle();
    }
  }
}
