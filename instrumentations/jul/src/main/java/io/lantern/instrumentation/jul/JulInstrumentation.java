package io.lantern.instrumentation.jul;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code java.util.logging}: with {@code lantern.logs.capture=true}, every record a JUL logger lets
 * through becomes a {@code log} event. The JDK's {@code Logger} is a bootstrap class (often loaded
 * before premain): its methods are retransformed, advice only added. With capture off nothing is
 * woven.
 */
public final class JulInstrumentation implements InstrumentationModule {
  private static final String LOGGER = "java.util.logging.Logger";
  private boolean capture;

  @Override
  public String name() {
    return JulTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    capture = context.appLogs().enabled();
    return new JulTracker(context.appLogs(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    if (!capture) {
      return Collections.emptyList();
    }
    List<AdviceRule> rules = new ArrayList<>();
    rules.add(AdviceRule.forBootstrapType(LOGGER,
        named("log").and(takesArguments(1)).and(takesArgument(0, named("java.util.logging.LogRecord"))), JulLogAdvice.class));
    rules.add(AdviceRule.forBootstrapType(LOGGER,
        named("getHandlers").or(named("accessCheckedHandlers")).and(takesArguments(0)), JulHandlersAdvice.class));
    return rules;
  }
}
