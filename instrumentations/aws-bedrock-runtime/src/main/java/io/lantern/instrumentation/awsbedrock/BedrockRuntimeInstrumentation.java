package io.lantern.instrumentation.awsbedrock;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code software.amazon.awssdk:bedrockruntime} 2.x: {@code converse} and {@code invokeModel} of
 * the default sync client (blocking) and async client ({@code CompletableFuture}), and the async
 * client's {@code converseStream} and {@code invokeModelWithResponseStream} (an event stream
 * delivered to a response handler). Every rule names its one class, so no other class waits for
 * Byte Buddy or pays a hierarchy walk.
 */
public final class BedrockRuntimeInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return BedrockRuntimeTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    BedrockRuntimeModels.API.reportTo(context.errors());
    return new BedrockRuntimeTracker(context.genAi(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    ElementMatcher.Junction<MethodDescription> unary = namedOneOf("converse", "invokeModel").and(isPublic()).and(takesArguments(1));
    ElementMatcher.Junction<MethodDescription> streams =
        namedOneOf("converseStream", "invokeModelWithResponseStream").and(isPublic()).and(takesArguments(2));
    return List.of(
        AdviceRule.forType(BedrockRuntimeTracker.SYNC_CLIENT, unary, BedrockRuntimeAdvice.Unary.class),
        AdviceRule.forType(BedrockRuntimeTracker.ASYNC_CLIENT, unary, BedrockRuntimeAdvice.Unary.class),
        AdviceRule.forType(BedrockRuntimeTracker.ASYNC_CLIENT, streams, BedrockRuntimeAdvice.Stream.class));
  }
}
