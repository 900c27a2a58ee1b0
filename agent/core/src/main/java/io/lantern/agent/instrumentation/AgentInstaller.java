package io.lantern.agent.instrumentation;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.bootstrap.AgentClassLoader;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
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
  private static final String[] IGNORED_PREFIXES = {
    "io/lantern/", "net/bytebuddy/", "jdk/internal/", "sun/", "java/lang/invoke/", "com/sun/proxy/"
  };

  private AgentInstaller() {}

  public static void install(Instrumentation instrumentation, List<AdviceRule> rules, ClassLoader agentLoader,
      InstrumentationErrors errors) {
    CompletableFuture<ClassFileTransformer> byteBuddy = new CompletableFuture<>();
    Thread builder = new Thread(() -> {
      try {
        byteBuddy.complete(byteBuddyTransformer(instrumentation, rules, agentLoader, errors));
      } catch (Throwable t) {
        errors.report("transformer", t);
        byteBuddy.completeExceptionally(t);
      }
    }, "lantern-instrumentation-init");
    builder.setDaemon(true);
    builder.start();
    instrumentation.addTransformer(new CandidateFilter(rules, agentLoader, byteBuddy, errors), false);
  }

  private static ClassFileTransformer byteBuddyTransformer(Instrumentation instrumentation, List<AdviceRule> rules,
      ClassLoader agentLoader, InstrumentationErrors errors) {
    AgentBuilder builder =
        // Advice on existing methods creates no new members: validating generated types is wasted start-up.
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
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
