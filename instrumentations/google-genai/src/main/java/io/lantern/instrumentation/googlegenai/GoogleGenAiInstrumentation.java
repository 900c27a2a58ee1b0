package io.lantern.instrumentation.googlegenai;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lantern.agent.AgentContext;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.bootstrap.Hooks;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code com.google.genai:google-genai} 1.x: {@code models.generateContent} (blocking), {@code
 * async.models.generateContent} ({@code CompletableFuture}), and {@code generateContentStream} of
 * both ({@code ResponseStream}, or a future of one), against the Gemini API or Vertex AI. Chats
 * ({@code client.chats}) go through the same methods. {@code models.embedContent} and its async
 * form are {@code embeddings} calls.
 */
public final class GoogleGenAiInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return GoogleGenAiTracker.INSTRUMENTATION;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    GoogleGenAiModels.API.reportTo(context.errors());
    return new GoogleGenAiTracker(context.genAi(), context.errors());
  }

  @Override
  public List<AdviceRule> rules() {
    // The overloads taking a String or one Content delegate to the List one: instrument that one only.
    ElementMatcher.Junction<MethodDescription> generate = namedOneOf("generateContent", "generateContentStream")
        .and(isPublic()).and(takesArguments(3)).and(takesArgument(1, named("java.util.List")));
    List<AdviceRule> rules = new ArrayList<>();
    rules.add(AdviceRule.forType(GoogleGenAiTracker.MODELS, generate, ModelsAdvice.class));
    rules.add(AdviceRule.forType(GoogleGenAiTracker.ASYNC_MODELS, generate, ModelsAdvice.class));
    // embedContent(model, String | Content | List<String>, config): the String one calls the List one (nested, counted once)
    ElementMatcher.Junction<MethodDescription> embed = named("embedContent").and(isPublic()).and(takesArguments(3));
    rules.add(AdviceRule.forType(GoogleGenAiTracker.MODELS, embed, ModelsAdvice.class));
    rules.add(AdviceRule.forType(GoogleGenAiTracker.ASYNC_MODELS, embed, ModelsAdvice.class));
    rules.add(AdviceRule.forType(GoogleGenAiTracker.RESPONSE_STREAM, named("iterator").and(takesArguments(0)), ModelsAdvice.ResponseStreamIterator.class));
    rules.add(AdviceRule.forType(GoogleGenAiTracker.RESPONSE_STREAM, named("close").and(takesArguments(0)), ModelsAdvice.ResponseStreamClose.class));
    return rules;
  }
}
