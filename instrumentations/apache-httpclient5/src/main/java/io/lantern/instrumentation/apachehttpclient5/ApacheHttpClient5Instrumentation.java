package io.lantern.instrumentation.apachehttpclient5;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.Arrays;
import java.util.List;

/**
 * Apache HttpClient 5 classic: the two clients its builders make, {@code InternalHttpClient}
 * ({@code HttpClients.custom()/createDefault()/createSystem()}) and {@code MinimalHttpClient}
 * ({@code HttpClients.createMinimal()}). The async client is not covered.
 */
public final class ApacheHttpClient5Instrumentation implements InstrumentationModule {
  private static final String PACKAGE = "org.apache.hc.client5.http.impl.classic.";

  @Override
  public String name() {
    return ApacheHttpClient5Tracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new ApacheHttpClient5Tracker(context.httpClient());
  }

  @Override
  public List<AdviceRule> rules() {
    return Arrays.asList(
        AdviceRule.forType(PACKAGE + "InternalHttpClient", named("doExecute").and(takesArguments(3)), DoExecuteAdvice.class),
        AdviceRule.forType(PACKAGE + "MinimalHttpClient", named("doExecute").and(takesArguments(3)), DoExecuteAdvice.class));
  }
}
