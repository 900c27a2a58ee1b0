package io.lantern.instrumentation.anthropic;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.ClassLoaders;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.anthropic.AnthropicHooks;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code com.anthropic:anthropic-java} 3.x: messages (GA and beta) created blocking, async ({@code
 * CompletableFuture}), streaming ({@code StreamResponse}) and async streaming ({@code
 * AsyncStreamResponse}), through the SDK's service implementations (whatever client or builder
 * made them).
 */
public final class AnthropicInstrumentation implements InstrumentationModule {
  static final String STREAM_RESPONSE = "com.anthropic.core.http.StreamResponse";
  static final String ASYNC_STREAM_RESPONSE = "com.anthropic.core.http.AsyncStreamResponse";

  @Override
  public String name() {
    return AnthropicTracker.INSTRUMENTATION;
  }

  @Override
  public List<AdviceRule> instrument(AgentContext context) {
    AnthropicHooks.install(new AnthropicTracker(context.genAi(), context.errors()));
    ElementMatcher.Junction<MethodDescription> createOrStream =
        namedOneOf("create", "createStreaming").and(isPublic()).and(takesArguments(2));
    List<AdviceRule> rules = new ArrayList<>();
    for (String service : new String[] {AnthropicTracker.MESSAGES_BLOCKING, AnthropicTracker.MESSAGES_ASYNC,
        AnthropicTracker.BETA_MESSAGES_BLOCKING, AnthropicTracker.BETA_MESSAGES_ASYNC}) {
      rules.add(AdviceRule.forType(service, createOrStream, ServiceAdvice.class));
    }
    // The SDK's own stream responses (Kotlin classes in com.anthropic.core.*): the package first, so
    // the thousands of model classes never get a hierarchy walk.
    ElementMatcher.Junction<TypeDescription> streamResponses =
        nameStartsWith("com.anthropic.core.").and(not(isInterface())).and(hasSuperType(named(STREAM_RESPONSE)));
    rules.add(AdviceRule.of(ClassLoaders.canSee(STREAM_RESPONSE), streamResponses,
        named("stream").and(takesArguments(0)), StreamAdvice.class).whenDeclaring("()", "stream"));
    rules.add(AdviceRule.of(ClassLoaders.canSee(STREAM_RESPONSE), streamResponses,
        named("close").and(takesArguments(0)), CloseAdvice.class).whenDeclaring("()", "close"));
    ElementMatcher.Junction<TypeDescription> asyncStreamResponses =
        nameStartsWith("com.anthropic.core.").and(not(isInterface())).and(hasSuperType(named(ASYNC_STREAM_RESPONSE)));
    rules.add(AdviceRule.of(ClassLoaders.canSee(ASYNC_STREAM_RESPONSE), asyncStreamResponses,
        named("subscribe").and(takesArgument(0, named(AnthropicTracker.HANDLER))), SubscribeAdvice.class).whenDeclaring("", "subscribe"));
    rules.add(AdviceRule.of(ClassLoaders.canSee(ASYNC_STREAM_RESPONSE), asyncStreamResponses,
        named("close").and(takesArguments(0)), CloseAdvice.class).whenDeclaring("()", "close"));
    return rules;
  }
}
