package io.lantern.instrumentation.jdkhttpclient;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.Arrays;
import java.util.List;

/**
 * The JDK's {@code java.net.http.HttpClient} (JDK 11+). Every client the JDK builds is an
 * {@code HttpClientImpl} (behind a facade): its public {@code send} and three-argument
 * {@code sendAsync} (which the two-argument one calls) are every entry point. Requests built with
 * {@code HttpRequest.newBuilder()} are {@code ImmutableHttpRequest}s, whose {@code headers()} the
 * client reads when a call starts.
 */
public final class JdkHttpClientInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return JdkHttpClientTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new JdkHttpClientTracker(context.httpClient(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    String client = "jdk.internal.net.http.HttpClientImpl";
    return Arrays.asList(
        AdviceRule.forType(client, named("send").and(isPublic()).and(takesArguments(2)), SendAdvice.class),
        AdviceRule.forType(client, named("sendAsync").and(isPublic()).and(takesArguments(3)), SendAdvice.class),
        AdviceRule.forType("jdk.internal.net.http.ImmutableHttpRequest", named("headers").and(takesArguments(0)),
            HeadersAdvice.class));
  }
}
