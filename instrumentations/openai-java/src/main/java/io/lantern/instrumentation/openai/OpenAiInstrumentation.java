package io.lantern.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.ClassLoaders;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.openai.OpenAiHooks;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code com.openai:openai-java} 4.x: chat completions and responses, created blocking, async
 * ({@code CompletableFuture}), streaming ({@code StreamResponse}) and async streaming ({@code
 * AsyncStreamResponse}), through the SDK's service
 * implementations (whatever client, builder or Spring starter made them).
 */
public final class OpenAiInstrumentation implements InstrumentationModule {
  static final String STREAM_RESPONSE = "com.openai.core.http.StreamResponse";
  static final String ASYNC_STREAM_RESPONSE = "com.openai.core.http.AsyncStreamResponse";

  @Override
  public String name() {
    return OpenAiTracker.INSTRUMENTATION;
  }

  @Override
  public List<AdviceRule> instrument(AgentContext context) {
    OpenAiHooks.install(new OpenAiTracker(context.genAi(), context.errors()));
    ElementMatcher.Junction<MethodDescription> createOrStream =
        namedOneOf("create", "createStreaming").and(isPublic()).and(takesArguments(2));
    List<AdviceRule> rules = new ArrayList<>();
    rules.add(AdviceRule.forType(OpenAiTracker.CHAT_BLOCKING, createOrStream, ServiceAdvice.class));
    rules.add(AdviceRule.forType(OpenAiTracker.CHAT_ASYNC, createOrStream, ServiceAdvice.class));
    rules.add(AdviceRule.forType(OpenAiTracker.RESPONSES_BLOCKING, createOrStream, ServiceAdvice.class));
    rules.add(AdviceRule.forType(OpenAiTracker.RESPONSES_ASYNC, createOrStream, ServiceAdvice.class));
    // The SDK's own StreamResponse classes (Kotlin wrappers in com.openai.core.http and .handlers):
    // the package first, so the thousands of model classes never get a hierarchy walk.
    ElementMatcher.Junction<TypeDescription> streamResponses =
        nameStartsWith("com.openai.core.").and(not(isInterface())).and(hasSuperType(named(STREAM_RESPONSE)));
    rules.add(AdviceRule.of(ClassLoaders.canSee(STREAM_RESPONSE), streamResponses,
        named("stream").and(takesArguments(0)), StreamAdvice.class).whenDeclaring("()", "stream"));
    rules.add(AdviceRule.of(ClassLoaders.canSee(STREAM_RESPONSE), streamResponses,
        named("close").and(takesArguments(0)), CloseAdvice.class).whenDeclaring("()", "close"));
    rules.add(AdviceRule.of(ClassLoaders.canSee(ASYNC_STREAM_RESPONSE),
        nameStartsWith("com.openai.core.").and(not(isInterface())).and(hasSuperType(named(ASYNC_STREAM_RESPONSE))),
        named("subscribe").and(takesArgument(0, named(OpenAiTracker.HANDLER_INTERFACE))), SubscribeAdvice.class).whenDeclaring("", "subscribe"));
    return rules;
  }
}
