package io.lantern.agent.instrumentation;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.bootstrap.AgentClassLoader;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies every enabled module's advice. Byte Buddy's transformer takes a few hundred
 * milliseconds to build, so it is built on a background thread while the application starts;
 * meanwhile a small filter, registered at once, rejects by loader and name every class no rule
 * can apply to. Only a candidate class waits for Byte Buddy, and not longer than
 * {@link #MAX_WAIT_SECONDS}.
 */
public final class AgentInstaller {
  static final long MAX_WAIT_SECONDS = 30;
  static final int MAX_RETRANSFORM_ROUNDS = 5;
  private static final String[] IGNORED_PREFIXES = {
    "io/lantern/", "net/bytebuddy/", "jdk/internal/", "sun/", "java/lang/invoke/", "com/sun/proxy/"
  };

  private AgentInstaller() {}

  public static void install(Instrumentation instrumentation, List<AdviceRule> rules, ClassLoader agentLoader,
      InstrumentationErrors errors) {
    CompletableFuture<ClassFileTransformer> byteBuddy = new CompletableFuture<>();
    CandidateFilter filter = new CandidateFilter(rules, agentLoader, byteBuddy, errors);
    Thread builder = new Thread(() -> {
      try {
        byteBuddy.complete(byteBuddyTransformer(instrumentation, rules, agentLoader, errors));
      } catch (Throwable t) {
        errors.report("transformer", t);
        byteBuddy.completeExceptionally(t);
        return;
      }
      retransformBootstrapClasses(instrumentation, rules, filter, errors);
    }, "lantern-instrumentation-init");
    builder.setDaemon(true);
    builder.start();
    // Retransformation-capable, so that bootstrap classes loaded before now can be instrumented.
    instrumentation.addTransformer(filter, true);
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
            // Hierarchy walks re-read the same supertypes for every class; cache their descriptions.
            .with(new AgentBuilder.PoolStrategy.WithTypePoolCache.Simple(TypePool.Default.ReaderMode.FAST, new ConcurrentHashMap<>()))
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
              .transform(new AgentBuilder.Transformer.ForAdvice().include(agentLoader).advice(rule.methods, rule.adviceClassName));
    }
    return builder.makeRaw();
  }

  /** Decides without Byte Buddy whether a class is worth Byte Buddy's look. */
  static final class CandidateFilter implements ClassFileTransformer {
    private final List<AdviceRule> rules;
    private final ClassLoader agentLoader;
    private final CompletableFuture<ClassFileTransformer> byteBuddy;
    private final InstrumentationErrors errors;
    /** Bootstrap-rule classes that loaded before Byte Buddy was ready: retransformed once it is. */
    final Set<String> deferred = ConcurrentHashMap.newKeySet();

    CandidateFilter(List<AdviceRule> rules, ClassLoader agentLoader, CompletableFuture<ClassFileTransformer> byteBuddy,
        InstrumentationErrors errors) {
      this.rules = rules;
      this.agentLoader = agentLoader;
      this.byteBuddy = byteBuddy;
      this.errors = errors;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain, byte[] classfileBuffer) {
      if (loader == agentLoader || !isCandidate(loader, className)) {
        return null;
      }
      if (loader == null && !byteBuddy.isDone()) {
        // Waiting here could need the very JDK class being loaded (a CompletableFuture's own
        // classes, say): leave it as it is now, it is retransformed when Byte Buddy is ready.
        deferred.add(className);
        if (!byteBuddy.isDone()) {
          return null;
        }
      }
      try {
        return byteBuddy.get(MAX_WAIT_SECONDS, TimeUnit.SECONDS)
            .transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
      } catch (Throwable t) {
        // the class stays as it was: the application runs uninstrumented rather than not at all
        errors.report("transformer", t);
        return null;
      }
    }

    boolean isCandidate(ClassLoader loader, String className) {
      if (className == null || className.contains("$$Lambda")) {
        return false;
      }
      // A rule naming its one class may reach into JDK internals (jdk/internal/net/http/...,
      // sun/net/www/protocol/http/...): the prefixes below only keep hierarchy rules out.
      for (AdviceRule rule : rules) {
        if (rule.namesType(className) && rule.mayApply(loader, className)) {
          return true;
        }
      }
      for (String prefix : IGNORED_PREFIXES) {
        if (className.startsWith(prefix)) {
          return false;
        }
      }
      for (AdviceRule rule : rules) {
        if (rule.mayApply(loader, className)) {
          return true;
        }
      }
      return false;
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
}

