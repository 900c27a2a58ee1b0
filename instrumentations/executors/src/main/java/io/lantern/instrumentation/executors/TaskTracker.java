package io.lantern.instrumentation.executors;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.executors.ContextHooks;
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
final class TaskTracker implements ContextHooks.Handler {
  static final String INSTRUMENTATION = "executors";
  private static final String VIRTUAL_THREAD_PREFIX = "java.lang.VirtualThread";

  private final WeakIdentityMap<Object, LanternSpan> spans = new WeakIdentityMap<>();
  private final InstrumentationErrors errors;

  TaskTracker(InstrumentationErrors errors) {
    this.errors = errors;
  }

  @Override
  public void capture(Object task) {
    try {
      LanternSpan span = Tracing.current();
      if (span != null && task != null) {
        spans.put(task, span);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  @Override
  public void captureWrapping(Object task, Object wrapped) {
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

  @Override
  public void captureIfAbsent(Object task) {
    try {
      LanternSpan span = Tracing.current();
      if (span != null) {
        spans.putIfAbsent(task, span);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  @Override
  public Object attach(Object task) {
    try {
      if (spans.isEmpty()) {
        return ContextHooks.NOTHING;
      }
      LanternSpan span = spans.get(task);
      return span == null ? ContextHooks.NOTHING : Tracing.makeCurrent(span);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return ContextHooks.NOTHING;
    }
  }

  @Override
  public void detach(Object token, Object task, boolean done) {
    try {
      Tracing.restore((LanternSpan) token);
      if (done) {
        spans.remove(task);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
  }

  @Override
  public void workerTask(Object task) {
    try {
      if (spans.isEmpty()) {
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

  @Override
  public void workerIdle() {
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
