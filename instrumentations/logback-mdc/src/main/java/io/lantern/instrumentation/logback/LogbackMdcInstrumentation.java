package io.lantern.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.Collections;
import java.util.List;

/**
 * The application's logback-classic (1.0 to 1.5): its log lines see {@code trace_id},
 * {@code span_id} and {@code trace_flags} in the MDC ({@code %X{trace_id}}, JSON encoders) while a
 * span is current, with no change to the application. One named class, no hierarchy walk.
 */
public final class LogbackMdcInstrumentation implements InstrumentationModule {
  /**
   * {@code ch.qos.logback.classic.spi.LoggingEvent}, assembled at run time: the agent's packaging
   * relocates its own logback, and with it every string constant that starts with logback's package.
   */
  static final String LOGGING_EVENT = String.join(".", "ch", "qos", "logback", "classic", "spi", "LoggingEvent");

  @Override
  public String name() {
    return LogbackMdcTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new LogbackMdcTracker(context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    return Collections.singletonList(
        AdviceRule.forType(LOGGING_EVENT,
            named("getMDCPropertyMap").and(takesArguments(0)), LoggingEventMdcAdvice.class));
  }
}
