package io.lantern.instrumentation.springwebflux;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.List;

/**
 * Spring WebFlux (Spring Framework 6.1+): the route and the handled error of a request some server
 * module records (Reactor Netty; a servlet container through Spring's servlet adapter too). It
 * counts nothing itself. {@code HttpWebHandlerAdapter.createExchange} runs once per request,
 * synchronously in the server's handler call, where the server's request is current: the
 * exchange it returns is attached to that request, and read when it ends (see {@link
 * WebFluxTracker}).
 */
public final class SpringWebFluxInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return WebFluxTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new WebFluxTracker(context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    return List.of(AdviceRule.forType("org.springframework.web.server.adapter.HttpWebHandlerAdapter",
        named("createExchange").and(takesArguments(2)), CreateExchangeAdvice.class));
  }
}
