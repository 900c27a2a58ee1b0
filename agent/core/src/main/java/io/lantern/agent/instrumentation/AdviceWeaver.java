package io.lantern.agent.instrumentation;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.bootstrap.Hooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;

/**
 * Weaves the advice of every rule that matches a candidate class into its class file: Byte Buddy's
 * {@link Advice} inlined into the class decorated as it is (no member added, so a loaded class is
 * retransformed the same way). This is what Byte Buddy's {@code AgentBuilder} did for these rules,
 * without its transformer, which Byte Buddy subclasses with code it generates at start-up (~180 of
 * its classes loaded and run cold before the first class can be woven), nor its listeners and
 * strategies: {@link CandidateFilter} and {@link AgentInstaller} do that part their own way.
 */
final class AdviceWeaver implements ClassFileTransformer {
  /** Advice on existing methods creates no new members: validating the woven type is wasted start-up. */
  private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED);
  private final AdviceRule[] rules;
  /** Per rule, its advice, read from the agent's class file on the first class it applies to. */
  private final AtomicReferenceArray<Advice> advice;
  private final ClassFileLocator agentClasses;
  private final TypePool agentTypes;
  /** Hierarchy walks re-read the same supertypes for every class: their descriptions, per loader. */
  private final WeakTypePoolCache pools = new WeakTypePoolCache();
  private final Instrumentation instrumentation;
  private final InstrumentationErrors errors;

  AdviceWeaver(List<AdviceRule> rules, ClassLoader agentLoader, Instrumentation instrumentation,
      InstrumentationErrors errors) {
    this.rules = rules.toArray(new AdviceRule[0]);
    this.advice = new AtomicReferenceArray<>(this.rules.length);
    this.agentClasses = ClassFileLocator.ForClassLoader.of(agentLoader);
    this.agentTypes = new TypePool.Default(new TypePool.CacheProvider.Simple(), agentClasses,
        TypePool.Default.ReaderMode.FAST);
    this.instrumentation = instrumentation;
    this.errors = errors;
  }

  /** A class that cannot be woven is left as it was, and the failure counted. */
  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classFile) {
    try {
      return weave(module, loader, className, classFile);
    } catch (Throwable t) {
      errors.report("transformer", t);
      return null;
    }
  }

  /** The woven class file, or null when no rule's type matcher accepts the class. */
  byte[] weave(Module module, ClassLoader loader, String internalName, byte[] classFile) {
    String name = internalName.replace('/', '.');
    // The bytes handed in first: another agent may have transformed them already.
    ClassFileLocator locator =
        new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile), ClassFileLocator.ForClassLoader.of(loader));
    TypePool pool = pools.typePool(locator, loader, name);
    TypeDescription type = pool.describe(name).resolve();
    DynamicType.Builder<?> woven = null;
    for (int r = 0; r < rules.length; r++) {
      AdviceRule rule = rules[r];
      if (rule.mayApply(loader, internalName) && rule.types.matches(type)) {
        woven = (woven == null ? byteBuddy.decorate(type, locator) : woven).visit(advice(r).on(rule.methods));
      }
    }
    if (woven == null) {
      return null;
    }
    byte[] bytes = woven.make(TypeResolutionStrategy.Passive.INSTANCE, pool).getBytes();
    readHooks(module);
    return bytes;
  }

  private Advice advice(int r) {
    Advice made = advice.get(r);
    if (made == null) {
      AdviceRule rule = rules[r];
      Advice.WithCustomMapping mapping = Advice.withCustomMapping();
      if (rule.module >= 0) {
        mapping = mapping.bind(Hooks.Module.class, rule.module);
      }
      made = mapping.to(agentTypes.describe(rule.adviceClassName).resolve(), agentClasses);
      // two threads may both make it: the same immutable advice, either one serves
      advice.compareAndSet(r, null, made);
    }
    return made;
  }

  /**
   * Named JDK modules (jdk.httpserver, java.base, java.net.http) must read the bootstrap path's
   * unnamed module to call the hooks the advice is inlined with.
   */
  private void readHooks(Module module) {
    Module hooks = Hooks.class.getModule();
    if (module != null && module.isNamed() && !module.canRead(hooks)) {
      instrumentation.redefineModule(module, Set.of(hooks), Collections.emptyMap(), Collections.emptyMap(),
          Collections.emptySet(), Collections.emptyMap());
    }
  }
}
