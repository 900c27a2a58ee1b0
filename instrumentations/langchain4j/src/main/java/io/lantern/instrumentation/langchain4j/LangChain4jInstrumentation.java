package io.lantern.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.ClassLoaders;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.langchain4j.LangChain4jHooks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * LangChain4j 1.x: {@code ChatModel.chat(ChatRequest)} and {@code StreamingChatModel.chat(ChatRequest,
 * StreamingChatResponseHandler)} (and their 1.13+ forms with {@code ChatRequestOptions}) of every
 * model, whatever provider module: the interfaces' own default methods and any implementation that
 * overrides them. The convenience overloads ({@code chat(String)}, ...) delegate to these and are
 * counted by them. A streaming call ends in the response handler: its {@code onCompleteResponse} or
 * {@code onError}, or the {@code StreamingHandle.cancel()} handed to it.
 */
public final class LangChain4jInstrumentation implements InstrumentationModule {
  /** One (cached) loader matcher per interface, shared by its rules. */
  private final Map<String, ElementMatcher<ClassLoader>> loaderMatchers = new HashMap<>();

  @Override
  public String name() {
    return LangChain4jTracker.INSTRUMENTATION;
  }

  @Override
  public List<AdviceRule> instrument(AgentContext context) {
    LangChain4jHooks.install(new LangChain4jTracker(context.genAi(), context.errors()));
    List<AdviceRule> rules = new ArrayList<>();
    ElementMatcher.Junction<MethodDescription> chat = named("chat").and(isPublic()).and(not(isAbstract()))
        .and(takesArgument(0, named(LangChain4jTracker.CHAT_REQUEST)));
    rules.add(rule(LangChain4jTracker.CHAT_MODEL, chat.and(takesArguments(1)), ChatAdvice.class));
    rules.add(rule(LangChain4jTracker.CHAT_MODEL,
        chat.and(takesArguments(2)).and(takesArgument(1, named(LangChain4jTracker.CHAT_REQUEST_OPTIONS))), ChatAdvice.class));
    rules.add(rule(LangChain4jTracker.STREAMING_CHAT_MODEL,
        chat.and(takesArguments(2)).and(takesArgument(1, named(LangChain4jTracker.RESPONSE_HANDLER))), StreamChatAdvice.class));
    rules.add(rule(LangChain4jTracker.STREAMING_CHAT_MODEL,
        chat.and(takesArguments(3)).and(takesArgument(1, named(LangChain4jTracker.CHAT_REQUEST_OPTIONS)))
            .and(takesArgument(2, named(LangChain4jTracker.RESPONSE_HANDLER))), StreamChatOptionsAdvice.class));

    ElementMatcher.Junction<MethodDescription> partial =
        namedOneOf("onPartialResponse", "onPartialThinking", "onPartialToolCall").and(isPublic()).and(not(isAbstract()));
    rules.add(rule(LangChain4jTracker.RESPONSE_HANDLER, partial.and(takesArguments(1)), PartialAdvice.class));
    rules.add(rule(LangChain4jTracker.RESPONSE_HANDLER, partial.and(takesArguments(2)), PartialContextAdvice.class));
    rules.add(rule(LangChain4jTracker.RESPONSE_HANDLER,
        named("onCompleteResponse").and(isPublic()).and(not(isAbstract())).and(takesArguments(1)), CompleteAdvice.class));
    rules.add(rule(LangChain4jTracker.RESPONSE_HANDLER,
        named("onError").and(isPublic()).and(not(isAbstract())).and(takesArguments(1))
            .and(takesArgument(0, Throwable.class)), ErrorAdvice.class));
    rules.add(rule(LangChain4jTracker.STREAMING_HANDLE,
        named("cancel").and(isPublic()).and(not(isAbstract())).and(takesArguments(0)), CancelAdvice.class));
    return rules;
  }

  /**
   * The interface itself (its default methods) and every type implementing it, in class loaders
   * that can see it; Byte Buddy walks the hierarchy only for those.
   */
  private AdviceRule rule(String type, ElementMatcher<MethodDescription> methods, Class<?> advice) {
    ElementMatcher<ClassLoader> loaders = loaderMatchers.computeIfAbsent(type, ClassLoaders::canSee);
    ElementMatcher.Junction<TypeDescription> types = hasSuperType(named(type));
    return AdviceRule.of(loaders, types, methods, advice);
  }
}
