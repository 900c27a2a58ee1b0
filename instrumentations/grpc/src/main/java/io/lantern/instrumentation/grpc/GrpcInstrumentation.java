package io.lantern.instrumentation.grpc;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.Arrays;
import java.util.List;

/**
 * grpc-java 1.6x+ ({@code io.grpc:grpc-core}'s {@code io.grpc.internal} call objects, which every
 * transport shares: Netty, Netty-shaded, OkHttp, in-process). No interceptor is added: the
 * server's {@code ServerCallImpl} and its stream listener, and the channel's
 * {@code ClientCallImpl}, are woven instead (see {@link GrpcTracker}).
 */
public final class GrpcInstrumentation implements InstrumentationModule {
  static final String SERVER_CALL = "io.grpc.internal.ServerCallImpl";
  static final String SERVER_LISTENER = SERVER_CALL + "$ServerStreamListenerImpl";
  static final String TRANSPORT_LISTENER = "io.grpc.internal.ServerImpl$ServerTransportListenerImpl";
  static final String CLIENT_CALL = "io.grpc.internal.ClientCallImpl";
  /** The local class {@code MethodLookup} of {@code ServerTransportListenerImpl.streamCreatedInternal}, as javac names it. */
  static final String METHOD_LOOKUP = TRANSPORT_LISTENER + "$1MethodLookup";

  @Override
  public String name() {
    return GrpcTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    return new GrpcTracker(context.rpcServer(), context.rpcClient(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    return Arrays.asList(
        AdviceRule.forType(SERVER_CALL, isConstructor().and(takesArguments(8)), ServerCallInitAdvice.class),
        AdviceRule.forType(SERVER_CALL, named("close").and(takesArguments(2)), ServerCallCloseAdvice.class),
        AdviceRule.forType(TRANSPORT_LISTENER, named("startWrappedCall").and(takesArguments(3)), StartCallAdvice.class),
        AdviceRule.forType(SERVER_LISTENER, namedOneOf("messagesAvailable", "halfClosed", "onReady", "closed")
            .and(takesArguments(1).or(takesArguments(0))), ServerListenerAdvice.class),
        AdviceRule.forType(METHOD_LOOKUP, named("runInternal").and(takesArguments(0)), MethodLookupAdvice.class),
        AdviceRule.forType(CLIENT_CALL, named("start").and(takesArguments(2)), ClientStartAdvice.class),
        AdviceRule.forType(CLIENT_CALL, named("closeObserver").and(takesArguments(3)), ClientCloseAdvice.class));
  }
}
