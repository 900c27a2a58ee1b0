package io.lantern.instrumentation.executors;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.Hooks;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;

/**
 * Carries the current span across the thread hops the application makes. A task object remembers
 * (in a weak, lock-free identity map: no field is added to any JDK class and the application's
 * objects are never kept alive or replaced) the span that was current where it was created or
 * submitted; the thread that runs it makes that span current for the run and puts back what was
 * there before.
 *
 * <p>With no span current nothing is stored, and with nothing stored a run costs one emptiness
 * check: no allocation, no hashing.
 */
final class TaskTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "executors";
  /** Exit of a task's constructor (FutureTask, CompletableFuture's async tasks, ...): self the task. */
  static final int CAPTURE = 0;
  /** Exit of the constructor of a ForkJoinTask adapter: self the adapter, state the task it wraps. */
  static final int CAPTURE_WRAPPING = 1;
  /** Enter of a submission or of {@code ForkJoinTask.fork()}: argument the task, which keeps a span it has. */
  static final int CAPTURE_IF_ABSENT = 2;
  /** A task's one-shot run: enter makes self's span current, exit puts back what was and forgets self. */
  static final int RUN = 3;
  /** {@code FutureTask.runAndReset()} (periodic tasks): as {@link #RUN}, but self keeps its span for the next run. */
  static final int RUN_AND_RESET = 4;
  /** {@code ThreadPoolExecutor.getTask()}: enter, the worker is idle; exit, returned the task it took (may be null). */
  static final int GET_TASK = 5;
  /** {@code ThreadPoolExecutor.Worker.run()}: enter, argument the first task (may be null); exit, the worker is idle. */
  static final int WORKER_RUN = 6;
  /**
   * Enter of {@code Thread.start()} / {@code VirtualThread.start()}: self the thread. Its run
   * ({@code Thread.run()}, and {@code runWith} on JDK 21+, a {@link #RUN}) makes the span current.
   */
  static final int THREAD_START = 7;
  /**
   * What a run's enter returns when it changed nothing, for its exit to do nothing either. Private
   * to the agent: the advice only carries it from enter to exit.
   */
  static final Object NOTHING = new Object();
  private static final String VIRTUAL_THREAD_PREFIX = "java.lang.VirtualThread";

  private final WeakIdentityMap<Object, LanternSpan> spans = new WeakIdentityMap<>();
  private final InstrumentationErrors errors;

  TaskTracker(InstrumentationErrors errors) {
    this.errors = errors;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    switch (site) {
      case CAPTURE_IF_ABSENT:
        captureIfAbsent(argument);
        return null;
      case RUN:
      case RUN_AND_RESET:
        return attach(self);
      case GET_TASK:
        workerIdle();
        return null;
      case THREAD_START:
        threadStarted(self);
        return null;
      case WORKER_RUN:
        workerTask(argument);
        return null;
      default:
        return null;
    }
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    switch (site) {
      case CAPTURE:
        capture(self);
        break;
      case CAPTURE_WRAPPING:
        captureWrapping(self, state);
        break;
      case RUN:
      case RUN_AND_RESET:
        detach(state, self, site == RUN);
        break;
      case GET_TASK:
        workerTask(returned);
        break;
      case WORKER_RUN:
        workerIdle();
        break;
      default:
    }
    return returned;
  }

  /** A task was created (or submitted) here: remember the current span for it, if any. */
  private void capture(Object task) {
    try {
      LanternSpan span = Tracing.current();
      if (span != null && task != null) {
        spans.put(task, span);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /**
   * A thread is started here: remember the current span for its run. Only a plain {@code Thread}
   * (constructed with a {@code Runnable}, whose {@code run()} is {@code Thread}'s own) and a virtual
   * thread (one task each): a library's thread subclass (Netty's, Tomcat's, a fork-join worker)
   * runs a loop of tasks for its life and must not keep one request's span as its base.
   */
  private void threadStarted(Object thread) {
    try {
      LanternSpan span = Tracing.current();
      if (span != null && thread != null
          && (thread.getClass() == Thread.class || thread.getClass().getName().startsWith(VIRTUAL_THREAD_PREFIX))) {
        spans.put(thread, span);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /** A JDK adapter wrapping {@code wrapped} was created here: as {@link #capture}. */
  private void captureWrapping(Object task, Object wrapped) {
    try {
      LanternSpan span = Tracing.current();
      // A virtual thread's continuation is scheduled from whichever thread unparks it: that
      // thread's span is not the virtual thread's (which has its own current slot).
      if (span != null && task != null
          && (wrapped == null || !wrapped.getClass().getName().startsWith(VIRTUAL_THREAD_PREFIX))) {
        spans.put(task, span);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /** A task was handed to an executor: as {@link #capture}, unless it already has a span. */
  private void captureIfAbsent(Object task) {
    try {
      LanternSpan span = Tracing.current();
      if (span != null && task != null) {
        spans.putIfAbsent(task, span);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /** The task is about to run on this thread: make its span current; returns what to restore, or {@link #NOTHING}. */
  private Object attach(Object task) {
    try {
      if (spans.isEmpty()) {
        return NOTHING;
      }
      LanternSpan span = spans.get(task);
      return span == null ? NOTHING : Tracing.makeCurrent(span);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return NOTHING;
    }
  }

  /** The task's run ended: put back what {@link #attach} returned; {@code done}: forget the task. */
  private void detach(Object token, Object task, boolean done) {
    if (token == NOTHING) {
      return;
    }
    try {
      Tracing.restore((LanternSpan) token);
      if (done) {
        spans.remove(task);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /** A pool worker took {@code task} (may be null) from its queue and is about to run it. */
  private void workerTask(Object task) {
    try {
      if (task == null || spans.isEmpty()) {
        return;
      }
      LanternSpan span = spans.get(task);
      if (span != null) {
        Tracing.makeCurrent(span);
        if (!(task instanceof Future) && !(task instanceof ForkJoinTask)) {
          // A plain Runnable runs once; futures and fork-join tasks forget themselves when they
          // end (a periodic task runs again and keeps its span).
          spans.remove(task);
        }
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /** A pool worker is between tasks: nothing of the last task stays current. */
  private void workerIdle() {
    try {
      if (Tracing.current() != null) {
        Tracing.restore(null);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  /** For tests: how many tasks have a span remembered. */
  int remembered() {
    return spans.size();
  }
}
