package io.lantern.instrumentation.jdkhttpserver;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.Collections;
import java.util.List;

/**
 * The JDK's {@code com.sun.net.httpserver}. The server runs every exchange through
 * {@code Filter.Chain.doFilter}: the application's filters, then its handler. Hooking that one JDK
 * class catches every handler, including lambdas, which as hidden classes cannot be instrumented
 * themselves, and needs no hierarchy walk.
 */
public final class JdkHttpServerInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "jdk-httpserver";
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new HttpExchangeTracker(context.httpServer(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    return Collections.singletonList(
        AdviceRule.forType(
            "com.sun.net.httpserver.Filter$Chain",
            named("doFilter").and(takesArguments(1)).and(takesArgument(0, named("com.sun.net.httpserver.HttpExchange"))),
            HttpExchangeAdvice.class));
  }
}
