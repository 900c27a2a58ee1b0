package io.lantern.instrumentation.vertx;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.Arrays;
import java.util.List;

/**
 * Vert.x core's HTTP/1.x server (4.5 and 5.0 share these class and method names) and vertx-web's
 * router. Every hook is a named Vert.x implementation class, never Netty: a request is seen once,
 * by Vert.x's own request/response objects, whatever pipeline Netty runs beneath.
 *
 * <ul>
 *   <li>{@code Http1xServerRequest.handleBegin}: the request starts (its response object now exists);
 *   <li>{@code Http1xServerResponse.end(Buffer, PromiseInternal)} (every public {@code end} and the last
 *       chunk of a chunked response come here) and {@code handleException} with Vert.x's
 *       {@code HttpClosedException} (the connection closed first: the only way into its {@code handleClosed()});
 *   <li>{@code VertxImpl.beginDispatch/endDispatch}: how Vert.x runs every handler on a context (the
 *       request handler, timers, {@code runOnContext}, future callbacks, {@code executeBlocking} on a
 *       worker): the request's span is current while its context's handlers run;
 *   <li>vertx-web: {@code RouteState.handleContext/handleFailure} (the route that handled the request),
 *       {@code RoutingContextImpl.fail} (the failure) and {@code checkHandleNoMatch} (no route matched).
 * </ul>
 */
public final class VertxHttpInstrumentation implements InstrumentationModule {
  private static final String HTTP_IMPL = "io.vertx.core.http.impl.";
  private static final String WEB_IMPL = "io.vertx.ext.web.impl.";

  @Override
  public String name() {
    return VertxServerTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new VertxServerTracker(context.httpServer(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    return Arrays.asList(
        AdviceRule.forType(HTTP_IMPL + "Http1xServerRequest", named("handleBegin"), RequestBeginAdvice.class),
        AdviceRule.forType(HTTP_IMPL + "Http1xServerResponse",
            named("end").and(isPrivate()).and(takesArguments(2)), ResponseEndAdvice.class),
        AdviceRule.forType(HTTP_IMPL + "Http1xServerResponse",
            named("handleException").and(takesArguments(1)).and(takesArgument(0, Throwable.class)),
            ResponseExceptionAdvice.class),
        AdviceRule.forType("io.vertx.core.impl.VertxImpl",
            named("beginDispatch").and(takesArguments(1)), BeginDispatchAdvice.class),
        AdviceRule.forType("io.vertx.core.impl.VertxImpl",
            named("endDispatch").and(takesArguments(1)), EndDispatchAdvice.class),
        AdviceRule.forType(WEB_IMPL + "RouteState",
            namedOneOf("handleContext", "handleFailure").and(takesArguments(1)), RouteAdvice.class),
        AdviceRule.forType(WEB_IMPL + "RoutingContextImpl",
            named("fail").and(takesArguments(2)).and(takesArgument(1, Throwable.class)), FailAdvice.class),
        AdviceRule.forType(WEB_IMPL + "RoutingContextImpl",
            named("fail").and(takesArguments(1)).and(takesArgument(0, int.class)), FailStatusAdvice.class),
        AdviceRule.forType(WEB_IMPL + "RoutingContextImpl",
            named("checkHandleNoMatch").and(takesArguments(0)), NoMatchAdvice.class));
  }
}
