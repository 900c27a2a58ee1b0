package io.lantern.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.Arrays;
import java.util.List;

/**
 * OkHttp 4.x and 5.x ({@code okhttp3.internal.connection.RealCall}, the one {@code Call}
 * implementation, and the interceptor chain). {@code getResponseWithInterceptorChain} is Kotlin
 * {@code internal}, compiled as {@code getResponseWithInterceptorChain$okhttp}.
 */
public final class OkHttpInstrumentation implements InstrumentationModule {
  static final String REAL_CALL = "okhttp3.internal.connection.RealCall";

  @Override
  public String name() {
    return OkHttpTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new OkHttpTracker(context.httpClient(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    return Arrays.asList(
        AdviceRule.forType(REAL_CALL, named("enqueue").and(takesArguments(1)), EnqueueAdvice.class),
        AdviceRule.forType(REAL_CALL, nameStartsWith("getResponseWithInterceptorChain").and(takesArguments(0)),
            CallAdvice.class),
        AdviceRule.forType("okhttp3.internal.http.RealInterceptorChain", named("proceed").and(takesArguments(1)),
            ProceedAdvice.class));
  }
}
