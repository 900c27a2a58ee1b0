package io.lantern.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.List;

/**
 * Reactor Netty's HTTP server (1.1-1.3), and so Spring WebFlux on it. One request is one {@code
 * HttpServerOperations}: the object Reactor Netty creates per request and hands to the
 * application's handler as its request and response. Hooked at three of its methods, all named
 * (no hierarchy walk), stable across 1.1-1.3:
 *
 * <ul>
 *   <li>{@code onInboundNext(ctx, msg)}: the request head starts the request, and the handler is
 *       applied and subscribed inside this call, on the event loop, with the request's span current;
 *       later body chunks run with it current again;
 *   <li>{@code ChannelOperations.terminate()}: Reactor Netty's end of an exchange, after the last
 *       response frame was written (or failed), whatever the handler returned ({@code Mono},
 *       {@code Flux}, SSE): the request ends there with the status sent;
 *   <li>{@code onInboundClose()}: the connection closed before that, the client went away: the
 *       request ends as {@code cancelled}; and {@code onOutboundError(err)}, the handler's publisher
 *       failed and Reactor Netty answers 500 or closes: the request ends with that error.
 * </ul>
 *
 * Raw Netty (channel handlers, the pipeline) is not touched: Reactor Netty's own objects are what
 * make one request one record.
 */
public final class ReactorNettyInstrumentation implements InstrumentationModule {
  static final String OPERATIONS = "reactor.netty.http.server.HttpServerOperations";

  @Override
  public String name() {
    return ReactorNettyTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new ReactorNettyTracker(context.httpServer(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    return List.of(
        AdviceRule.forType(OPERATIONS,
            named("onInboundNext").and(takesArguments(2)).and(takesArgument(0, named("io.netty.channel.ChannelHandlerContext"))),
            InboundAdvice.class),
        AdviceRule.forType(OPERATIONS, named("onInboundClose").and(takesArguments(0)), InboundCloseAdvice.class),
        AdviceRule.forType(OPERATIONS, named("onOutboundError").and(takesArguments(1)), OutboundErrorAdvice.class),
        AdviceRule.forType("reactor.netty.channel.ChannelOperations", named("terminate").and(takesArguments(0)),
            TerminateAdvice.class));
  }
}
