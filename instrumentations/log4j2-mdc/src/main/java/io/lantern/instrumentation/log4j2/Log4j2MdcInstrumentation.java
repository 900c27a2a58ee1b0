package io.lantern.instrumentation.log4j2;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's log4j2 (log4j-core 2.7+): its events' context data ({@code %X{trace_id}},
 * JSON layouts) holds {@code trace_id}, {@code span_id} and {@code trace_flags} while a span is
 * current. log4j fills context data through its {@code ContextDataInjector}; the three injectors
 * log4j-core ships (one per thread-context map kind) are instrumented by name. With
 * {@code lantern.logs.capture=true} each record also becomes a {@code log} event ({@link Log4j2LogCapture}).
 */
public final class Log4j2MdcInstrumentation implements InstrumentationModule {
  private static final String INJECTOR = "org.apache.logging.log4j.core.impl.ThreadContextDataInjector$";
  private static final String CORE = "org.apache.logging.log4j.core.";
  private static final String LOG_EVENT = CORE + "LogEvent";

  /** Whether {@code lantern.logs.capture} is on: only then are the capture hooks woven. */
  private boolean capture;

  @Override
  public String name() {
    return Log4j2ContextTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    Log4j2LogCapture logs = new Log4j2LogCapture(context.appLogs(), context.errors());
    capture = logs.enabled();
    return new Log4j2ContextTracker(context.errors(), capture ? logs : null);
  }

  @Override
  public List<AdviceRule> rules() {
    List<AdviceRule> rules = new ArrayList<>();
    for (String kind : new String[] {"ForDefaultThreadContextMap", "ForGarbageFreeThreadContextMap", "ForCopyOnWriteThreadContextMap"}) {
      rules.add(AdviceRule.forType(INJECTOR + kind, named("injectContextData").and(takesArguments(2)),
          InjectContextDataAdvice.class));
    }
    if (capture) {
      for (String config : new String[] {CORE + "config.LoggerConfig", CORE + "async.AsyncLoggerConfig"}) {
        rules.add(AdviceRule.forType(config, named("log").and(takesArguments(2)).and(takesArgument(0, named(LOG_EVENT))),
            LoggerConfigLogAdvice.class));
      }
      rules.add(AdviceRule.forType(CORE + "config.LoggerConfig",
          named("processLogEvent").and(takesArguments(2)).and(takesArgument(0, named(LOG_EVENT))), ProcessLogEventAdvice.class));
      rules.add(AdviceRule.forType(CORE + "async.RingBufferLogEvent", named("setValues"), RingBufferSetValuesAdvice.class));
    }
    return rules;
  }
}
