package io.lantern.instrumentation.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.Collections;
import java.util.List;

/**
 * The JDK's {@code HttpURLConnection} for {@code http:} and {@code https:} URLs: both are
 * {@code sun.net.www.protocol.http.HttpURLConnection} (https through the delegate connection
 * {@code HttpsURLConnectionImpl} forwards every call to), so one named class is hooked.
 */
public final class UrlConnectionInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return UrlConnectionTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new UrlConnectionTracker(context.httpClient(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    return Collections.singletonList(
        AdviceRule.forType(
            "sun.net.www.protocol.http.HttpURLConnection",
            namedOneOf("connect", "getOutputStream", "getInputStream").and(isPublic()).and(takesArguments(0)),
            ConnectionAdvice.class));
  }
}
