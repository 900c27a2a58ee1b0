package io.lantern.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The span current where the application hands work to another thread is current where that work
 * runs: {@code ThreadPoolExecutor} (and so {@code Executors.newFixedThreadPool}, cached and
 * single-thread executors), {@code ScheduledThreadPoolExecutor}, {@code ForkJoinPool} (common pool
 * included), {@code CompletableFuture}'s async stages, and the JDK 21+ thread-per-task executors
 * ({@code Executors.newVirtualThreadPerTaskExecutor()}).
 *
 * <p>Only JDK classes are instrumented, each named (no hierarchy walk), with advice that adds no
 * field or method, so that classes loaded before the agent are retransformed. The application's
 * task objects are never wrapped or replaced: what {@code shutdownNow()}, {@code remove(task)} or
 * the queue shows is unchanged.
 */
public final class ExecutorsInstrumentation implements InstrumentationModule {
  private static final String CF = "java.util.concurrent.CompletableFuture$";
  private static final String FJT = "java.util.concurrent.ForkJoinTask";
  /** ForkJoinTask's adapters of Runnables and Callables, as named across JDK 11-25 (absent ones never match). */
  private static final String[] FJT_ADAPTERS = {
    "AdaptedRunnable", "AdaptedRunnableAction", "RunnableExecuteAction", "AdaptedCallable",
    "AdaptedInterruptibleCallable", "AdaptedInterruptibleRunnable"
  };

  @Override
  public String name() {
    return TaskTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new TaskTracker(context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    ElementMatcher.Junction<MethodDescription> run = named("run").and(takesArguments(0));
    List<AdviceRule> rules = new ArrayList<>();
    // FutureTask: ThreadPoolExecutor.submit/invokeAll, every ScheduledThreadPoolExecutor task,
    // the thread-per-task executors' submit.
    rules.add(AdviceRule.forBootstrapType("java.util.concurrent.FutureTask", isConstructor(), CaptureAdvice.class));
    rules.add(AdviceRule.forBootstrapType("java.util.concurrent.FutureTask", run, RunAdvice.class));
    rules.add(AdviceRule.forBootstrapType("java.util.concurrent.FutureTask",
        named("runAndReset").and(takesArguments(0)), RunAndResetAdvice.class));
    // ThreadPoolExecutor.execute(Runnable) with the application's own Runnable.
    rules.add(AdviceRule.forBootstrapType("java.util.concurrent.ThreadPoolExecutor",
        named("execute").and(takesArguments(1)).and(takesArgument(0, Runnable.class)), SubmitAdvice.class));
    rules.add(AdviceRule.forBootstrapType("java.util.concurrent.ThreadPoolExecutor",
        named("getTask").and(takesArguments(0)), GetTaskAdvice.class));
    rules.add(AdviceRule.forBootstrapType("java.util.concurrent.ThreadPoolExecutor$Worker", run, WorkerRunAdvice.class));
    // ForkJoinPool: every task runs through ForkJoinTask.doExec().
    rules.add(AdviceRule.forBootstrapType(FJT, named("doExec").and(takesArguments(0)), RunAdvice.class));
    rules.add(AdviceRule.forBootstrapType(FJT, named("fork").and(takesArguments(0)), ForkAdvice.class));
    rules.add(AdviceRule.forBootstrapType("java.util.concurrent.ForkJoinPool",
        namedOneOf("execute", "submit", "invoke").and(takesArguments(1)).and(takesArgument(0, named(FJT))),
        SubmitAdvice.class));
    for (String adapter : FJT_ADAPTERS) {
      rules.add(AdviceRule.forBootstrapType(FJT + "$" + adapter, isConstructor().and(not(takesArguments(0))),
          CaptureWrappingAdvice.class));
    }
    // CompletableFuture: supplyAsync/runAsync tasks, and stages registered with an executor.
    for (String task : new String[] {"AsyncSupply", "AsyncRun"}) {
      rules.add(AdviceRule.forBootstrapType(CF + task, isConstructor(), CaptureAdvice.class));
      rules.add(AdviceRule.forBootstrapType(CF + task, run, RunAdvice.class));
    }
    rules.add(AdviceRule.forBootstrapType(CF + "UniCompletion", isConstructor(), CaptureAsyncCompletionAdvice.class));
    rules.add(AdviceRule.forBootstrapType(CF + "Completion", run, RunAdvice.class));
    // JDK 21+: Executors.newThreadPerTaskExecutor / newVirtualThreadPerTaskExecutor's execute().
    rules.add(AdviceRule.forBootstrapType("java.util.concurrent.ThreadPerTaskExecutor$TaskRunner", isConstructor(),
        CaptureAdvice.class));
    rules.add(AdviceRule.forBootstrapType("java.util.concurrent.ThreadPerTaskExecutor$TaskRunner", run, RunAdvice.class));
    // new Thread(runnable).start(), Thread.ofPlatform()/ofVirtual().start(runnable): the span
    // current at start() is current in the thread's run. JDK 21+ runs the task through
    // Thread.runWith (platform threads from run(), virtual threads once mounted); JDK 11-17 through
    // Thread.run(). Thread-per-task executors start their threads otherwise (covered above).
    rules.add(AdviceRule.forBootstrapType("java.lang.Thread", named("start").and(takesArguments(0)), ThreadStartAdvice.class));
    rules.add(AdviceRule.forBootstrapType("java.lang.VirtualThread", named("start").and(takesArguments(0)),
        ThreadStartAdvice.class));
    rules.add(AdviceRule.forBootstrapType("java.lang.Thread", run, RunAdvice.class));
    rules.add(AdviceRule.forBootstrapType("java.lang.Thread", named("runWith").and(takesArguments(2)), RunAdvice.class));
    return rules;
  }
}
