package io.lantern.instrumentation.langchain4j;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.genai.GenAiConfig;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.ClassLoaders;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * LangChain4j 1.x: the default methods {@code ChatModel.chat(ChatRequest)} and {@code
 * StreamingChatModel.chat(ChatRequest, StreamingChatResponseHandler)} (and their 1.13+ forms with
 * {@code ChatRequestOptions}), which every provider module's model runs (they call its {@code
 * doChat}); the convenience overloads ({@code chat(String)}, ...) delegate to them. Only the two
 * interfaces are instrumented, found by name. A streaming call ends in its response handler, or
 * when the {@code StreamingHandle} of one of LangChain4j's modules is cancelled. Embeddings: the
 * default {@code EmbeddingModel.embed(EmbeddingRequest)} (1.x), which {@code embed(String)}, {@code
 * embed(TextSegment)} and {@code embedAll(List)} call. Tools: {@code
 * DefaultToolExecutor.executeWithContext}, one {@code execute_tool} span per tool run.
 */
public final class LangChain4jInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return LangChain4jTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    LangChain4jModels.API.reportTo(context.errors());
    return new LangChain4jTracker(context.genAi(), context.config().get(GenAiConfig.PROVIDER_HOSTS), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    List<AdviceRule> rules = new ArrayList<>();
    ElementMatcher.Junction<MethodDescription> chat = named("chat").and(isPublic()).and(not(isAbstract()))
        .and(takesArgument(0, named(LangChain4jTracker.CHAT_REQUEST)));
    ElementMatcher.Junction<MethodDescription> withOptions = takesArgument(1, named(LangChain4jTracker.CHAT_REQUEST_OPTIONS));
    rules.add(AdviceRule.forType(LangChain4jTracker.CHAT_MODEL, chat.and(takesArguments(1)), ChatAdvice.class));
    rules.add(AdviceRule.forType(LangChain4jTracker.CHAT_MODEL, chat.and(takesArguments(2)).and(withOptions), ChatAdvice.class));
    rules.add(AdviceRule.forType(LangChain4jTracker.STREAMING_CHAT_MODEL,
        chat.and(takesArguments(2)).and(takesArgument(1, named(LangChain4jTracker.RESPONSE_HANDLER))), StreamChatAdvice.class));
    rules.add(AdviceRule.forType(LangChain4jTracker.STREAMING_CHAT_MODEL,
        chat.and(takesArguments(3)).and(withOptions).and(takesArgument(2, named(LangChain4jTracker.RESPONSE_HANDLER))),
        StreamChatAdvice.WithOptions.class));
    // embeddings: embed(String), embed(TextSegment) and embedAll(List) all go through the default embed(EmbeddingRequest)
    rules.add(AdviceRule.forType(LangChain4jTracker.EMBEDDING_MODEL, named("embed").and(isPublic()).and(not(isAbstract()))
        .and(takesArguments(1)).and(takesArgument(0, named(LangChain4jTracker.EMBEDDING_REQUEST))), ChatAdvice.class));
    // LangChain4j's own StreamingHandle implementations (HTTP client, provider modules): named first, hierarchy after
    rules.add(AdviceRule.of(ClassLoaders.canSee(LangChain4jTracker.STREAMING_HANDLE),
        nameStartsWith("dev.langchain4j.").and(hasSuperType(named(LangChain4jTracker.STREAMING_HANDLE))),
        named("cancel").and(isPublic()).and(not(isAbstract())).and(takesArguments(0)), CancelAdvice.class).whenDeclaring("()", "cancel"));
    // AI Services tool runs: the one entry every tool call goes through, and the private method the tool's exception leaves
    rules.add(AdviceRule.forType(LangChain4jTracker.TOOL_EXECUTOR, named("executeWithContext").and(isPublic())
        .and(takesArguments(2)).and(takesArgument(0, named(LangChain4jTracker.TOOL_EXECUTION_REQUEST))), ChatAdvice.class));
    rules.add(AdviceRule.forType(LangChain4jTracker.TOOL_EXECUTOR, named("execute").and(isPrivate())
        .and(takesArguments(1)).and(takesArgument(0, Object[].class)), ToolAdvice.class));
    return rules;
  }
}
