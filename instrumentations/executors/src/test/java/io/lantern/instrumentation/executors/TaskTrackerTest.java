package io.lantern.instrumentation.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/** The tracker driven through its sites, as the advice calls it. */
class TaskTrackerTest {
  private final TaskTracker tracker = new TaskTracker(new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()));
  private final Tracing tracing = new Tracing(1.0);

  @Test
  void withNoSpanCurrentNothingIsRememberedAndARunChangesNothing() {
    Runnable task = () -> { };
    created(task);
    submitted(task);
    assertEquals(0, tracker.remembered());
    assertSame(TaskTracker.NOTHING, tracker.enter(TaskTracker.RUN, task, null, null));
    workerTook(task);
    assertNull(Tracing.current());
  }

  @Test
  void aTaskRunsWithTheSpanCurrentWhereItWasCreatedAndForgetsItAfter() {
    LanternSpan request = tracing.startSpan(LanternSpan.Kind.SERVER, "GET");
    Object task = new Object();
    LanternSpan before = Tracing.makeCurrent(request);
    created(task);
    Tracing.restore(before);
    assertEquals(1, tracker.remembered());

    LanternSpan other = tracing.startSpan(LanternSpan.Kind.INTERNAL, "other");
    LanternSpan outer = Tracing.makeCurrent(other);
    Object token = tracker.enter(TaskTracker.RUN, task, null, null);
    assertSame(request, Tracing.current());
    tracker.exit(TaskTracker.RUN, token, task, null, null);
    assertSame(other, Tracing.current());
    assertEquals(0, tracker.remembered());
    Tracing.restore(outer);
  }

  @Test
  void submissionKeepsTheCreationSpanAndPlainRunnablesAreForgottenByTheWorker() {
    LanternSpan created = tracing.startSpan(LanternSpan.Kind.SERVER, "created");
    LanternSpan submitted = tracing.startSpan(LanternSpan.Kind.SERVER, "submitted");
    FutureTask<String> future = new FutureTask<>(() -> "x");
    Runnable plain = () -> { };
    LanternSpan before = Tracing.makeCurrent(created);
    created(future);
    Tracing.makeCurrent(submitted);
    submitted(future);
    submitted(plain);
    Tracing.restore(before);

    workerTook(future);
    assertSame(created, Tracing.current());
    workerIdle();
    assertNull(Tracing.current());
    assertEquals(2, tracker.remembered(), "a future forgets itself when it runs, not when a worker takes it");

    workerTook(plain);
    assertSame(submitted, Tracing.current());
    workerIdle();
    assertNull(Tracing.current());
    assertEquals(1, tracker.remembered());
  }

  /** CaptureAdvice, at the end of the task's constructor. */
  private void created(Object task) {
    tracker.exit(TaskTracker.CAPTURE, null, task, null, null);
  }

  /** SubmitAdvice, at the start of {@code execute(task)}. */
  private void submitted(Object task) {
    tracker.enter(TaskTracker.CAPTURE_IF_ABSENT, null, task, null);
  }

  /** GetTaskAdvice's exit: {@code getTask()} returned the task. */
  private void workerTook(Object task) {
    tracker.exit(TaskTracker.GET_TASK, null, null, task, null);
  }

  /** GetTaskAdvice's enter. */
  private void workerIdle() {
    tracker.enter(TaskTracker.GET_TASK, null, null, null);
  }
}
