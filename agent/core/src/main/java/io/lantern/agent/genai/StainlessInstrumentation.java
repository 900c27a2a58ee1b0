package io.lantern.agent.genai;

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
import io.lantern.bootstrap.Hooks;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The module of a Stainless SDK ({@link StainlessSdk}): {@code create} / {@code createStreaming} of
 * its services (blocking, async, streaming, async streaming; whatever client, builder or Spring
 * starter made them), {@code stream()} and {@code close()} of its {@code StreamResponse}s, and
 * {@code subscribe(handler, ...)} and {@code close()} of its {@code AsyncStreamResponse}s, all
 * through {@link StainlessAdvice}, to a {@link StainlessTracker}. A module only names its SDK.
 */
public abstract class StainlessInstrumentation implements InstrumentationModule {
  private final StainlessSdk sdk;

  protected StainlessInstrumentation(StainlessSdk sdk) {
    this.sdk = sdk;
  }

  @Override
  public final String name() {
    return sdk.instrumentation;
  }

  @Override
  public final Hooks.Handler handler(AgentContext context) {
    sdk.api.reportTo(context.errors()); // what the module reads of the SDK, missing, is reported from now on
    return new StainlessTracker(sdk, context.genAi(), context.config().get(GenAiConfig.PROVIDER_HOSTS),
        context.genAiRateLimits(), context.errors());
  }

  @Override
  public final List<AdviceRule> rules() {
    ElementMatcher.Junction<MethodDescription> createOrStream =
        namedOneOf("create", "createStreaming").and(isPublic()).and(takesArguments(2));
    List<AdviceRule> rules = new ArrayList<>();
    for (StainlessSdk.Service service : sdk.services) {
      rules.add(AdviceRule.forType(service.className, createOrStream, StainlessAdvice.Service.class));
    }
    // The SDK's own stream responses (Kotlin classes in <root>.core.*): the package first, so the
    // thousands of model classes never get a hierarchy walk.
    ElementMatcher.Junction<TypeDescription> streamResponses =
        nameStartsWith(sdk.corePackage).and(not(isInterface())).and(hasSuperType(named(sdk.streamResponse)));
    rules.add(AdviceRule.of(ClassLoaders.canSee(sdk.streamResponse), streamResponses,
        named("stream").and(takesArguments(0)), StainlessAdvice.Stream.class).whenDeclaring("()", "stream"));
    rules.add(AdviceRule.of(ClassLoaders.canSee(sdk.streamResponse), streamResponses,
        named("close").and(takesArguments(0)), StainlessAdvice.Close.class).whenDeclaring("()", "close"));
    ElementMatcher.Junction<TypeDescription> asyncStreamResponses =
        nameStartsWith(sdk.corePackage).and(not(isInterface())).and(hasSuperType(named(sdk.asyncStreamResponse)));
    rules.add(AdviceRule.of(ClassLoaders.canSee(sdk.asyncStreamResponse), asyncStreamResponses,
        named("subscribe").and(takesArgument(0, named(sdk.handler))), StainlessAdvice.Subscribe.class)
        .whenDeclaring("", "subscribe"));
    rules.add(AdviceRule.of(ClassLoaders.canSee(sdk.asyncStreamResponse), asyncStreamResponses,
        named("close").and(takesArguments(0)), StainlessAdvice.Close.class).whenDeclaring("()", "close"));
    // One call's HTTP exchange, retries inside: the final response's rate-limit headers, and each retry.
    rules.add(AdviceRule.forType(sdk.retryingClient,
        namedOneOf("execute", "executeAsync").and(isPublic()).and(takesArguments(2)), StainlessAdvice.Exchange.class));
    rules.add(AdviceRule.forType(sdk.retryingClient,
        named("getRetryBackoffDuration").and(takesArguments(2)).and(takesArgument(0, int.class)), StainlessAdvice.Retry.class));
    return rules;
  }
}
