package io.lantern.instrumentation.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.lantern.bootstrap.executors.ContextHooks;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

class TaskTrackerTest {
  private final TaskTracker context = new TaskTracker(new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()));
  private final Tracing tracing = new Tracing(1.0);

  @Test
  void withNoSpanCurrentNothingIsRememberedAndARunChangesNothing() {
    Runnable task = () -> { };
    context.capture(task);
    context.captureIfAbsent(task);
    assertEquals(0, context.remembered());
    assertSame(ContextHooks.NOTHING, context.attach(task));
    context.workerTask(task);
    assertNull(Tracing.current());
  }

  @Test
  void aTaskRunsWithTheSpanCurrentWhereItWasCreatedAndForgetsItAfter() {
    LanternSpan request = tracing.startSpan(LanternSpan.Kind.SERVER, "GET");
    Object task = new Object();
    LanternSpan before = Tracing.makeCurrent(request);
    context.capture(task);
    Tracing.restore(before);
    assertEquals(1, context.remembered());

    LanternSpan other = tracing.startSpan(LanternSpan.Kind.INTERNAL, "other");
    LanternSpan outer = Tracing.makeCurrent(other);
    Object token = context.attach(task);
    assertSame(request, Tracing.current());
    context.detach(token, task, true);
    assertSame(other, Tracing.current());
    assertEquals(0, context.remembered());
    Tracing.restore(outer);
  }

  @Test
  void submissionKeepsTheCreationSpanAndPlainRunnablesAreForgottenByTheWorker() {
    LanternSpan created = tracing.startSpan(LanternSpan.Kind.SERVER, "created");
    LanternSpan submitted = tracing.startSpan(LanternSpan.Kind.SERVER, "submitted");
    FutureTask<String> future = new FutureTask<>(() -> "x");
    Runnable plain = () -> { };
    LanternSpan before = Tracing.makeCurrent(created);
    context.capture(future);
    Tracing.makeCurrent(submitted);
    context.captureIfAbsent(future);
    context.captureIfAbsent(plain);
    Tracing.restore(before);

    context.workerTask(future);
    assertSame(created, Tracing.current());
    context.workerIdle();
    assertNull(Tracing.current());
    assertEquals(2, context.remembered(), "a future forgets itself when it runs, not when a worker takes it");

    context.workerTask(plain);
    assertSame(submitted, Tracing.current());
    context.workerIdle();
    assertNull(Tracing.current());
    assertEquals(1, context.remembered());
  }
}
