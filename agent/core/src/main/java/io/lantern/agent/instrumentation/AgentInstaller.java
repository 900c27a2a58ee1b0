package io.lantern.agent.instrumentation;

import io.lantern.agent.InstrumentationErrors;
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

/**
 * Applies every enabled module's advice. Byte Buddy's cold start (loading and first running the
 * ~500 classes of Byte Buddy and ASM a weave needs) takes a few hundred milliseconds, so it is done
 * on a background thread while the application starts: {@link #start} begins it at the top of
 * premain with one throw-away weave ({@link WarmUp}), before the modules have made their rules;
 * {@link #install} registers a small filter ({@link CandidateFilter}) that rejects by loader, name
 * and declared methods every class no rule can apply to, and hands the rules over to the
 * {@link AdviceWeaver}. Only a candidate class waits for the weaver, and not longer than
 * {@link #MAX_WAIT_SECONDS}; a bootstrap (JDK) class never waits: it is retransformed once the
 * weaver is ready ({@link #retransformBootstrapClasses}).
 */
public final class AgentInstaller {
  static final long MAX_WAIT_SECONDS = 30;
  static final int MAX_RETRANSFORM_ROUNDS = 5;

  private final Instrumentation instrumentation;
  private final ClassLoader agentLoader;
  private final CompletableFuture<Install> install = new CompletableFuture<>();
  private final CompletableFuture<ClassFileTransformer> weaver = new CompletableFuture<>();

  private AgentInstaller(Instrumentation instrumentation, ClassLoader agentLoader) {
    this.instrumentation = instrumentation;
    this.agentLoader = agentLoader;
  }

  /** Starts Byte Buddy's cold start in the background; the rules follow with {@link #install}. */
  public static AgentInstaller start(Instrumentation instrumentation, ClassLoader agentLoader) {
    AgentInstaller installer = new AgentInstaller(instrumentation, agentLoader);
    Thread builder = new Thread(installer::build, "lantern-instrumentation-init");
    builder.setDaemon(true);
    builder.start();
    return installer;
  }

  /**
   * Registers the candidate filter for {@code rules}; from here on classes are matched against them.
   * Returns the classes left unwoven because this JVM writes a class-data archive ({@link ClassDataArchive}).
   */
  public List<String> install(List<AdviceRule> rules, InstrumentationErrors errors) {
    List<String> unwoven = ClassDataArchive.removeUnsafeRules(rules, () -> ClassDataArchive.isBeingWritten(instrumentation));
    CandidateFilter filter = new CandidateFilter(rules, agentLoader, weaver, errors);
    // Retransformation-capable, so that bootstrap classes loaded before now can be instrumented.
    instrumentation.addTransformer(filter, true);
    install.complete(new Install(rules, errors, filter));
    return unwoven;
  }

  private void build() {
    Throwable warmUpFailure = null;
    try {
      WarmUp.weave(agentLoader, instrumentation);
    } catch (Throwable t) {
      warmUpFailure = t;
    }
    Install rules = install.join();
    if (warmUpFailure != null) {
      rules.errors.report("transformer", warmUpFailure);
    }
    try {
      weaver.complete(new AdviceWeaver(rules.rules, agentLoader, instrumentation, rules.errors));
    } catch (Throwable t) {
      rules.errors.report("transformer", t);
      weaver.completeExceptionally(t);
      return;
    }
    retransformBootstrapClasses(instrumentation, rules.rules, rules.filter, rules.errors);
  }

  /**
   * Applies the {@link AdviceRule#forBootstrapType bootstrap rules} to their classes that are already
   * loaded (before premain, by the agent's own start-up, or while Byte Buddy warmed up).
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
      // A class whose loading began before the weaver was ready may not be listed yet.
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
