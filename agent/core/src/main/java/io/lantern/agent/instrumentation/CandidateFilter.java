package io.lantern.agent.instrumentation;

import io.lantern.agent.InstrumentationErrors;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Decides without Byte Buddy whether a class is worth Byte Buddy's look, and hands only those
 * candidates to it, waiting (at most {@link AgentInstaller#MAX_WAIT_SECONDS}) while it is being
 * built. Everything else is defined at once, untouched. The checks, cheapest first: ignored name
 * prefixes and lambdas; each rule's class loader matcher and type name
 * ({@link AdviceRule#mayApply}); a rule's own constant-pool check ({@link AdviceRule#whenPoolHolds});
 * then, for rules that list the methods they need
 * ({@link AdviceRule#whenDeclaring}), one scan of the class file for those method declarations
 * ({@link DeclaredMethodScan}), shared by every rule that is still in question.
 */
final class CandidateFilter implements ClassFileTransformer {
  private static final String[] IGNORED_PREFIXES = {
    "io/lantern/", "net/bytebuddy/", "jdk/internal/", "sun/", "java/lang/invoke/", "com/sun/proxy/"
  };

  private final AdviceRule[] rules;
  /** Per rule, the bits of {@link #shapes} it needs; 0 for a rule without a class-file check. */
  private final long[] ruleShapes;
  /** Every distinct method shape of every rule (at most 64; rules beyond go unchecked). */
  private final DeclaredMethodScan.Shape[] shapes;
  private final ClassLoader agentLoader;
  private final CompletableFuture<ClassFileTransformer> weaver;
  private final InstrumentationErrors errors;
  /** Bootstrap classes that loaded before Byte Buddy was ready: retransformed once it is. */
  final Set<String> deferred = ConcurrentHashMap.newKeySet();

  CandidateFilter(List<AdviceRule> rules, ClassLoader agentLoader, CompletableFuture<ClassFileTransformer> weaver,
      InstrumentationErrors errors) {
    this.rules = rules.toArray(new AdviceRule[0]);
    this.ruleShapes = new long[this.rules.length];
    List<DeclaredMethodScan.Shape> distinct = new ArrayList<>();
    for (int r = 0; r < this.rules.length; r++) {
      long bits = 0;
      for (DeclaredMethodScan.Shape shape : this.rules[r].declaring) {
        int index = distinct.indexOf(shape);
        if (index < 0 && distinct.size() < 64) {
          index = distinct.size();
          distinct.add(shape);
        }
        if (index < 0) {
          bits = 0; // no room left to check this rule: it stays a candidate by loader and name
          break;
        }
        bits |= 1L << index;
      }
      ruleShapes[r] = bits;
    }
    this.shapes = distinct.toArray(new DeclaredMethodScan.Shape[0]);
    this.agentLoader = agentLoader;
    this.weaver = weaver;
    this.errors = errors;
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    if (loader == agentLoader || !isCandidate(loader, className, classfileBuffer)) {
      return null;
    }
    if (loader == null && !weaver.isDone()) {
      // Waiting here could need the very JDK class being loaded (a CompletableFuture's own
      // classes, say): leave it as it is now, it is retransformed when Byte Buddy is ready.
      deferred.add(className);
      if (!weaver.isDone()) {
        return null;
      }
    }
    try {
      return weaver.get(AgentInstaller.MAX_WAIT_SECONDS, TimeUnit.SECONDS)
          .transform(module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    } catch (Throwable t) {
      // the class stays as it was: the application runs uninstrumented rather than not at all
      errors.report("transformer", t);
      return null;
    }
  }

  boolean isCandidate(ClassLoader loader, String className, byte[] classFile) {
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
    long wanted = 0;
    for (int r = 0; r < rules.length; r++) {
      if (rules[r].mayApply(loader, className) && rules[r].poolCheckPasses(classFile)) {
        if (ruleShapes[r] == 0) {
          return true;
        }
        wanted |= ruleShapes[r];
      }
    }
    return wanted != 0 && (DeclaredMethodScan.scan(classFile, shapes, wanted) & wanted) != 0;
  }
}
