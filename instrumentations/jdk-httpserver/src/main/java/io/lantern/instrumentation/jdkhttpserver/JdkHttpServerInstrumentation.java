package io.lantern.instrumentation.jdkhttpserver;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.ClassLoaders;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.jdkhttpserver.HttpExchangeHooks;
import java.util.Arrays;
import java.util.List;

/**
 * The JDK's {@code com.sun.net.httpserver}: every {@code HttpHandler.handle} and
 * {@code Filter.doFilter} of the application, the outermost of which records the exchange.
 */
public final class JdkHttpServerInstrumentation implements InstrumentationModule {
  private static final String EXCHANGE = "com.sun.net.httpserver.HttpExchange";

  @Override
  public String name() {
    return "jdk-httpserver";
  }

  @Override
  public List<AdviceRule> instrument(AgentContext context) {
    HttpExchangeHooks.install(new HttpExchangeTracker(context.httpServer(), context.errors()));
    return Arrays.asList(
        AdviceRule.of(
            ClassLoaders.application(),
            not(isInterface()).and(hasSuperType(named("com.sun.net.httpserver.HttpHandler"))),
            named("handle").and(not(isAbstract())).and(takesArgument(0, named(EXCHANGE))),
            HttpExchangeAdvice.class),
        AdviceRule.of(
            ClassLoaders.application(),
            not(isInterface()).and(hasSuperType(named("com.sun.net.httpserver.Filter"))),
            named("doFilter").and(not(isAbstract())).and(takesArgument(0, named(EXCHANGE))),
            HttpExchangeAdvice.class));
  }
}
