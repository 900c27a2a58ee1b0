package io.lantern.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.List;

/**
 * Reactor Netty's HTTP client (1.1-1.3), and so Spring {@code WebClient} on it: outbound calls
 * timed as {@code http_client_request_duration_seconds}, a client span each, {@code traceparent}
 * sent. Hooked at named methods of {@code HttpClientConnect.HttpClientHandler} (one per
 * subscription) and {@code HttpClientOperations} (one per attempt); see {@link
 * ReactorNettyClientTracker}. A module of its own ({@code reactor-netty-client}), so it can be
 * turned off apart from the server.
 */
public final class ReactorNettyClientInstrumentation implements InstrumentationModule {
  static final String HANDLER = "reactor.netty.http.client.HttpClientConnect$HttpClientHandler";
  static final String OPERATIONS = "reactor.netty.http.client.HttpClientOperations";

  @Override
  public String name() {
    return ReactorNettyClientTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new ReactorNettyClientTracker(context.httpClient(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    return List.of(
        AdviceRule.forType(HANDLER, isConstructor(), ClientHandlerAdvice.class),
        AdviceRule.forType(HANDLER, named("requestWithBody").and(takesArguments(1)), ClientRequestAdvice.class),
        AdviceRule.forType(OPERATIONS,
            named("onInboundNext").and(takesArguments(2)).and(takesArgument(0, named("io.netty.channel.ChannelHandlerContext"))),
            ClientInboundAdvice.class),
        AdviceRule.forType(OPERATIONS, named("onInboundClose").and(takesArguments(0)), ClientCloseAdvice.class),
        AdviceRule.forType(OPERATIONS, named("onInboundCancel").and(takesArguments(0)), ClientCancelAdvice.class),
        AdviceRule.forType(OPERATIONS, named("onOutboundError").and(takesArguments(1)), ClientErrorAdvice.class),
        AdviceRule.forType("reactor.netty.channel.ChannelOperations", named("onInboundError").and(takesArguments(1)),
            ClientErrorAdvice.class));
  }
}
