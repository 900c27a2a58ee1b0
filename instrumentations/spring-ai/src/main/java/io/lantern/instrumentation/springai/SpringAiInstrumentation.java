package io.lantern.instrumentation.springai;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
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
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring AI (2.x; 1.x has the same interfaces): {@code ChatModel.call(Prompt)} and {@code
 * StreamingChatModel.stream(Prompt)} of Spring AI's own model classes ({@code org.springframework.ai.*}:
 * OpenAI, Anthropic, Google GenAI, Ollama, ... modules), found by name first, hierarchy after. The
 * convenience overloads ({@code call(String)}, {@code stream(Message...)}) delegate to these. The
 * bridge methods of the generic {@code Model} interfaces take other argument types and are left out.
 * Embeddings: {@code EmbeddingModel.call(EmbeddingRequest)} of the same model classes.
 */
public final class SpringAiInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return SpringAiTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    SpringAiModels.API.reportTo(context.errors());
    return new SpringAiTracker(context.genAi(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    ElementMatcher.Junction<MethodDescription> withPrompt = isPublic().and(not(isAbstract())).and(takesArguments(1))
        .and(takesArgument(0, named(SpringAiTracker.PROMPT)));
    // The class-file check: only classes declaring call(Prompt) / stream(Prompt) are candidates.
    String promptOnly = "(L" + SpringAiTracker.PROMPT.replace('.', '/') + ";)";
    List<AdviceRule> rules = new ArrayList<>();
    rules.add(AdviceRule.of(ClassLoaders.canSee(SpringAiTracker.CHAT_MODEL),
        nameStartsWith("org.springframework.ai.").and(hasSuperType(named(SpringAiTracker.CHAT_MODEL))),
        named("call").and(withPrompt), CallAdvice.class).whenDeclaring(promptOnly, "call"));
    rules.add(AdviceRule.of(ClassLoaders.canSee(SpringAiTracker.STREAMING_CHAT_MODEL),
        nameStartsWith("org.springframework.ai.").and(hasSuperType(named(SpringAiTracker.STREAMING_CHAT_MODEL))),
        named("stream").and(withPrompt).and(returns(named(ReactorFlux.FLUX))), StreamAdvice.class).whenDeclaring(promptOnly, "stream"));
    // embeddings: EmbeddingModel.call(EmbeddingRequest), which embed(String), embed(List) and embed(Document) call
    String embeddingRequestOnly = "(L" + SpringAiTracker.EMBEDDING_REQUEST.replace('.', '/') + ";)";
    rules.add(AdviceRule.of(ClassLoaders.canSee(SpringAiTracker.EMBEDDING_MODEL),
        nameStartsWith("org.springframework.ai.").and(hasSuperType(named(SpringAiTracker.EMBEDDING_MODEL))),
        named("call").and(isPublic()).and(not(isAbstract())).and(takesArguments(1))
            .and(takesArgument(0, named(SpringAiTracker.EMBEDDING_REQUEST))), CallAdvice.class)
        .whenDeclaring(embeddingRequestOnly, "call"));
    // tool calling: Spring AI's own ToolCallback classes (MethodToolCallback, FunctionToolCallback, ...); call(String)
    // delegating to call(String, ToolContext) is one run (the tracker keeps the outer)
    rules.add(AdviceRule.of(ClassLoaders.canSee(SpringAiTracker.TOOL_CALLBACK),
        nameStartsWith("org.springframework.ai.").and(hasSuperType(named(SpringAiTracker.TOOL_CALLBACK))),
        named("call").and(isPublic()).and(not(isAbstract())).and(takesArgument(0, String.class))
            .and(takesArguments(1).or(takesArguments(2).and(takesArgument(1, named(SpringAiTracker.TOOL_CONTEXT))))),
        CallAdvice.class).whenDeclaring("(Ljava/lang/String;", "call"));
    return rules;
  }
}
