package io.lantern.instrumentation.methods;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.lantern.agent.AgentContext;
import io.lantern.agent.config.ConfigKey;
import io.lantern.agent.config.ConfigWarning;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.ClassLoaders;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.agent.method.MethodMetrics;
import io.lantern.agent.method.MethodRecorder;
import io.lantern.bootstrap.Hooks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The application's own methods: those {@code lantern.methods.include} names (on the named class,
 * or on every class implementing or extending it: all overloads of each name), and those annotated
 * {@code @io.opentelemetry.instrumentation.annotations.WithSpan} (matched by name). Matching is
 * cheap before it is exact: a class is only a candidate when its class file declares a method of a
 * configured name, or its constant pool holds the annotation's descriptor; only candidates get the
 * hierarchy walk. With nothing configured and nothing annotated no class is woven.
 */
public final class MethodsInstrumentation implements InstrumentationModule {
  static final String WITH_SPAN_DESCRIPTOR = "L" + MethodSite.WITH_SPAN.replace('.', '/') + ";";
  /** Names per pair of rules: each rule's class-file check lists at most {@code AdviceRule}'s maximum. */
  static final int NAMES_PER_RULE = 32;
  private static final String[] ASYNC_TYPES = {
    "java.util.concurrent.CompletionStage", "java.util.concurrent.CompletableFuture", ReactorResults.MONO,
    ReactorResults.FLUX
  };

  private Map<String, Set<String>> include = Collections.emptyMap();
  private boolean withSpan = true;

  @Override
  public String name() {
    return MethodTracker.INSTRUMENTATION;
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return MethodsConfig.KEYS;
  }

  @Override
  public Hooks.Handler handler(AgentContext context) {
    List<ConfigWarning> warnings = new ArrayList<>();
    include = MethodSpec.parse(context.config().get(MethodsConfig.INCLUDE), MethodsConfig.INCLUDE.name(), warnings);
    warnings.forEach(context.config()::report);
    withSpan = context.config().get(MethodsConfig.WITH_SPAN_ENABLED);
    Long slowMillis = context.config().get(MethodsConfig.SLOW_THRESHOLD_MS);
    MethodRecorder recorder = new MethodRecorder(new MethodMetrics(context.metrics()), context.tracing(),
        context.events(), context.errors(), slowMillis == null ? Long.MAX_VALUE : slowMillis * 1_000_000L);
    return new MethodTracker(recorder, context.errors(), withSpan);
  }

  @Override
  public List<AdviceRule> rules() {
    return rules(include, withSpan);
  }

  static List<AdviceRule> rules(Map<String, Set<String>> include, boolean withSpan) {
    List<AdviceRule> rules = new ArrayList<>();
    ElementMatcher.Junction<MethodDescription> woven =
        not(isAbstract()).and(not(isConstructor())).and(not(isTypeInitializer())).and(not(isBridge()))
            .and(not(isSynthetic()));
    ElementMatcher.Junction<MethodDescription> async = returns(namedOneOf(ASYNC_TYPES));
    if (!include.isEmpty()) {
      // Which configured classes name each method, so a class implementing two of them weaves a method once.
      Map<String, Set<String>> classesByMethod = new LinkedHashMap<>();
      include.forEach((type, methods) -> methods.forEach(
          m -> classesByMethod.computeIfAbsent(m, k -> new HashSet<>()).add(type)));
      List<String> names = new ArrayList<>(classesByMethod.keySet());
      Set<String> classes = include.keySet();
      for (int from = 0; from < names.size(); from += NAMES_PER_RULE) {
        String[] chunk = names.subList(from, Math.min(names.size(), from + NAMES_PER_RULE)).toArray(new String[0]);
        ElementMatcher.Junction<MethodDescription> configured = woven.and(namedOneOf(chunk))
            .and(new NamedOnSuperType(classesByMethod));
        if (withSpan) {
          configured = configured.and(not(isAnnotatedWith(named(MethodSite.WITH_SPAN))));
        }
        ElementMatcher.Junction<TypeDescription> types = hasSuperType(namedOneOf(classes.toArray(new String[0])));
        rules.add(AdviceRule.of(ClassLoaders.application(), types, configured.and(not(async)), MethodAdvice.class)
            .whenDeclaring("", chunk));
        rules.add(AdviceRule.of(ClassLoaders.application(), types, configured.and(async), AsyncMethodAdvice.class)
            .whenDeclaring("", chunk));
      }
    }
    if (withSpan) {
      ElementMatcher.Junction<MethodDescription> annotated = woven.and(isAnnotatedWith(named(MethodSite.WITH_SPAN)));
      // Byte Buddy evaluates every rule's type matcher on every candidate of any module: a type
      // matching any() would be rewritten (to no effect) for each of them. Only types with an
      // annotated method match.
      ElementMatcher.Junction<TypeDescription> sync = declaresMethod(annotated.and(not(async)));
      ElementMatcher.Junction<TypeDescription> asyncTypes = declaresMethod(annotated.and(async));
      rules.add(AdviceRule.of(ClassLoaders.application(), sync, annotated.and(not(async)), MethodAdvice.class)
          .whenPoolHolds(WITH_SPAN_DESCRIPTOR));
      rules.add(AdviceRule.of(ClassLoaders.application(), asyncTypes, annotated.and(async), AsyncMethodAdvice.class)
          .whenPoolHolds(WITH_SPAN_DESCRIPTOR));
    }
    return rules;
  }

  /** A method whose declaring type is, or extends or implements, a configured class naming it. */
  static final class NamedOnSuperType extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
    private final Map<String, ElementMatcher<TypeDescription>> byMethod = new HashMap<>();

    NamedOnSuperType(Map<String, Set<String>> classesByMethod) {
      classesByMethod.forEach((m, types) -> byMethod.put(m, hasSuperType(namedOneOf(types.toArray(new String[0])))));
    }

    @Override
    public boolean matches(MethodDescription method) {
      ElementMatcher<TypeDescription> types = byMethod.get(method.getInternalName());
      return types != null && types.matches(method.getDeclaringType().asErasure());
    }
  }
}
