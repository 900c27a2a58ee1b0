package io.lantern.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's logback-classic (1.0 to 1.5): its log lines see {@code trace_id},
 * {@code span_id} and {@code trace_flags} in the MDC ({@code %X{trace_id}}, JSON encoders) while a
 * span is current, with no change to the application; with {@code lantern.logs.capture=true}, each
 * record the application's logback lets through also becomes a {@code log} event. Named classes,
 * no hierarchy walk.
 */
public final class LogbackMdcInstrumentation implements InstrumentationModule {
  /**
   * {@code ch.qos.logback.classic.spi.LoggingEvent}, assembled at run time: the agent's packaging
   * relocates its own logback, and with it every string constant that starts with logback's package.
   */
  static final String LOGGING_EVENT = String.join(".", "ch", "qos", "logback", "classic", "spi", "LoggingEvent");
  /** {@code ch.qos.logback.classic.Logger}, assembled at run time as above. */
  static final String LOGGER = String.join(".", "ch", "qos", "logback", "classic", "Logger");

  /** Whether {@code lantern.logs.capture} is on: only then is the capture hook woven. */
  private boolean capture;

  @Override
  public String name() {
    return LogbackMdcTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    LogbackLogCapture logs = new LogbackLogCapture(context.appLogs(), context.errors());
    capture = logs.enabled();
    return new LogbackMdcTracker(context.errors(), capture ? logs : null);
  }

  @Override
  public List<AdviceRule> rules() {
    List<AdviceRule> rules = new ArrayList<>();
    rules.add(AdviceRule.forType(LOGGING_EVENT,
        named("getMDCPropertyMap").and(takesArguments(0)), LoggingEventMdcAdvice.class));
    if (capture) {
      rules.add(AdviceRule.forType(LOGGER, named("callAppenders").and(takesArguments(1)), CallAppendersAdvice.class));
    }
    return rules;
  }
}
