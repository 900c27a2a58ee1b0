package io.lantern.agent.instrumentation;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.bootstrap.AgentClassLoader;
import io.lantern.bootstrap.Hooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies every enabled module's advice. Byte Buddy's transformer takes a few hundred
 * milliseconds to build, so it is built on a background thread while the application starts:
 * {@link #start} begins Byte Buddy's cold start at the top of premain, before the modules have
 * made their rules; {@link #install} registers a small filter ({@link CandidateFilter}) that
 * rejects by loader, name and declared methods every class no rule can apply to, and hands the
 * rules over. Only a candidate class waits for Byte Buddy, and not longer than
 * {@link #MAX_WAIT_SECONDS}; a bootstrap (JDK) class never waits: it is retransformed once Byte
 * Buddy is ready ({@link #retransformBootstrapClasses}).
 */
public final class AgentInstaller {
  static final long MAX_WAIT_SECONDS = 30;
  static final int MAX_RETRANSFORM_ROUNDS = 5;

  private final Instrumentation instrumentation;
  private final ClassLoader agentLoader;
  private final CompletableFuture<Install> install = new CompletableFuture<>();
  private final CompletableFuture<ClassFileTransformer> byteBuddy = new CompletableFuture<>();

  private AgentInstaller(Instrumentation instrumentation, ClassLoader agentLoader) {
    this.instrumentation = instrumentation;
    this.agentLoader = agentLoader;
  }

  /** Starts building Byte Buddy in the background; the rules follow with {@link #install}. */
  public static AgentInstaller start(Instrumentation instrumentation, ClassLoader agentLoader) {
    AgentInstaller installer = new AgentInstaller(instrumentation, agentLoader);
    Thread builder = new Thread(installer::build, "lantern-instrumentation-init");
    builder.setDaemon(true);
    builder.start();
    return installer;
  }

  /** Registers the candidate filter for {@code rules}; from here on classes are matched against them. */
  public void install(List<AdviceRule> rules, InstrumentationErrors errors) {
    CandidateFilter filter = new CandidateFilter(rules, agentLoader, byteBuddy, errors);
    // Retransformation-capable, so that bootstrap classes loaded before now can be instrumented.
    instrumentation.addTransformer(filter, true);
    install.complete(new Install(rules, errors, filter));
  }

  private void build() {
    // Byte Buddy's default AgentBuilder would inject its Nexus class into the system class loader
    // (through Unsafe, ~200 ms): an agent class where the application can see it, for a
    // LoadedTypeInitializer that disableClassFormatChanges() never uses. The property (relocated
    // with Byte Buddy) turns that off; it is read once, when the first AgentBuilder is made here.
    String nexus = System.getProperty(Nexus.PROPERTY);
    System.setProperty(Nexus.PROPERTY, "true");
    Throwable warmUpFailure = null;
    try {
      try {
        warmUp();
      } catch (Throwable t) {
        warmUpFailure = t;
      }
      Install rules = install.join();
      if (warmUpFailure != null) {
        rules.errors.report("transformer", warmUpFailure);
      }
      try {
        byteBuddy.complete(byteBuddyTransformer(instrumentation, rules.rules, agentLoader, rules.errors));
      } catch (Throwable t) {
        rules.errors.report("transformer", t);
        byteBuddy.completeExceptionally(t);
        return;
      }
      retransformBootstrapClasses(instrumentation, rules.rules, rules.filter, rules.errors);
    } finally {
      if (nexus == null) {
        System.clearProperty(Nexus.PROPERTY);
      } else {
        System.setProperty(Nexus.PROPERTY, nexus);
      }
    }
  }

  /**
   * Byte Buddy's cold start, done while premain is still making the rules: loading the builder,
   * and the first {@code makeRaw()}, which generates (with Byte Buddy itself) the JDK 9 subclass of
   * its transformer, ~200 ms on a 2-core machine.
   */
  static void warmUp() {
    new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED)).disableClassFormatChanges().makeRaw();
  }

  /**
   * Applies the {@link AdviceRule#forBootstrapType bootstrap rules} to their classes that are already
   * loaded (before premain, by the agent's own start-up, or while Byte Buddy was being built).
   * Each class is retransformed on its own, so that one refusal does not stop the others. The JVM
   * does not offer a class to a transformer while that thread is already inside one, and Byte
   * Buddy's look at a retransformed class loads the types of its methods (retransforming
   * {@code ThreadPoolExecutor} loads {@code ThreadPoolExecutor.Worker}): so the loaded classes are
   * listed again after each round, until a round finds nothing new.
   */
  static void retransformBootstrapClasses(Instrumentation instrumentation, List<AdviceRule> rules, CandidateFilter filter,
      InstrumentationErrors errors) {
    Set<String> names = new HashSet<>();
    for (AdviceRule rule : rules) {
      if (rule.isBootstrap()) {
        names.add(rule.typeName());
      }
    }
    if (names.isEmpty() || !instrumentation.isRetransformClassesSupported()) {
      return;
    }
    Set<String> done = new HashSet<>();
    for (int round = 0; round < MAX_RETRANSFORM_ROUNDS; round++) {
      Map<String, Class<?>> targets = new LinkedHashMap<>();
      for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
        if (loaded.getClassLoader() == null && names.contains(loaded.getName()) && !done.contains(loaded.getName())) {
          targets.put(loaded.getName(), loaded);
        }
      }
      // A class whose loading began while Byte Buddy was not ready may not be listed yet.
      for (String deferred : filter.deferred) {
        String name = deferred.replace('/', '.');
        if (!targets.containsKey(name) && !done.contains(name)) {
          try {
            targets.put(name, Class.forName(name, false, null));
          } catch (Throwable t) {
            errors.report("transformer", t);
          }
        }
      }
      if (targets.isEmpty()) {
        return;
      }
      for (Class<?> target : targets.values()) {
        done.add(target.getName());
        try {
          if (instrumentation.isModifiableClass(target)) {
            instrumentation.retransformClasses(target);
          }
        } catch (Throwable t) {
          errors.report("transformer", t);
        }
      }
    }
  }

  private static ClassFileTransformer byteBuddyTransformer(Instrumentation instrumentation, List<AdviceRule> rules,
      ClassLoader agentLoader, InstrumentationErrors errors) {
    AgentBuilder builder =
        // Advice on existing methods creates no new members: validating generated types is wasted start-up.
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            // Also when called for a retransformation (bootstrap rules: see retransformBootstrapClasses).
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            // Hierarchy walks re-read the same supertypes for every class; cache their descriptions,
            // never keeping a class loader alive (a redeployed webapp's, a dropped driver's).
            .with(new WeakTypePoolCache())
            .with(new ErrorListener(errors))
            // Named JDK modules (jdk.httpserver, later java.sql, java.net.http) must read the
            // bootstrap path's unnamed module to call the hooks the advice is inlined with.
            .assureReadEdgeTo(instrumentation, AgentClassLoader.class)
            // CandidateFilter has already excluded what must never be touched.
            .ignore(ElementMatchers.none());
    for (AdviceRule rule : rules) {
      builder =
          builder
              .type(rule.types, rule.classLoaders)
              .transform(forAdvice(rule).include(agentLoader).advice(rule.methods, rule.adviceClassName));
    }
    return builder.makeRaw();
  }

  private static AgentBuilder.Transformer.ForAdvice forAdvice(AdviceRule rule) {
    return rule.module < 0
        ? new AgentBuilder.Transformer.ForAdvice()
        : new AgentBuilder.Transformer.ForAdvice(Advice.withCustomMapping().bind(Hooks.Module.class, rule.module));
  }

  private static final class Install {
    final List<AdviceRule> rules;
    final InstrumentationErrors errors;
    final CandidateFilter filter;

    Install(List<AdviceRule> rules, InstrumentationErrors errors, CandidateFilter filter) {
      this.rules = rules;
      this.errors = errors;
      this.filter = filter;
    }
  }

  /** A class that cannot be transformed is left as it was, and the failure counted. */
  private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
    private final InstrumentationErrors errors;

    ErrorListener(InstrumentationErrors errors) {
      this.errors = errors;
    }

    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
      errors.report("transformer", throwable);
    }
  }

  /**
   * Installs a module's handler in {@link Hooks} and binds the number it got into each of the
   * module's rules; a module without a handler (its advice needs none) keeps its rules as they are.
   */
  public static List<AdviceRule> calling(Hooks.Handler handler, List<AdviceRule> rules) {
    if (handler == null) {
      return rules;
    }
    int module = Hooks.install(handler);
    List<AdviceRule> calling = new ArrayList<>(rules.size());
    for (AdviceRule rule : rules) {
      calling.add(rule.calling(module));
    }
    return calling;
  }
}
