package io.lantern.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.Arrays;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which methods of which types get which advice. Before Byte Buddy sees a class, the installer
 * asks {@link #mayApply}: the class loader matcher (cheap, cached per loader) and, when the rule
 * names its one type, the class name; then, for a rule that lists the methods it needs with
 * {@link #whenDeclaring}, whether the class file declares one of them. Only candidates reach
 * Byte Buddy's hierarchy walks, and only they wait for Byte Buddy while it is being built.
 */
public final class AdviceRule {
  static final int MAX_DECLARING = 64;

  final ElementMatcher<ClassLoader> classLoaders;
  final ElementMatcher<TypeDescription> types;
  final ElementMatcher<MethodDescription> methods;
  final String adviceClassName;
  /** Internal name (a/b/C) of the one type this rule instruments, or null when matched by hierarchy. */
  private final String internalTypeName;
  /** A bootstrap (JDK) class that may be loaded before the agent: retransformed, never waited for. */
  private final boolean bootstrap;
  /** Methods one of which a class must declare for this rule to apply; empty: no such check. */
  final DeclaredMethodScan.Shape[] declaring;
  /** The number {@link io.lantern.bootstrap.Hooks#install} gave the module whose handler the advice calls; -1: none. */
  final int module;
  /** UTF-8 constants one of which the class file's constant pool must hold; empty: no such check. */
  final DeclaredMethodScan.Shape[] poolHolds;

  private AdviceRule(ElementMatcher<ClassLoader> classLoaders, ElementMatcher<TypeDescription> types,
      ElementMatcher<MethodDescription> methods, String adviceClassName, String internalTypeName, boolean bootstrap,
      DeclaredMethodScan.Shape[] declaring, int module) {
    this(classLoaders, types, methods, adviceClassName, internalTypeName, bootstrap, declaring, module,
        new DeclaredMethodScan.Shape[0]);
  }

  private AdviceRule(ElementMatcher<ClassLoader> classLoaders, ElementMatcher<TypeDescription> types,
      ElementMatcher<MethodDescription> methods, String adviceClassName, String internalTypeName, boolean bootstrap,
      DeclaredMethodScan.Shape[] declaring, int module, DeclaredMethodScan.Shape[] poolHolds) {
    this.poolHolds = poolHolds;
    this.classLoaders = classLoaders;
    this.types = types;
    this.methods = methods;
    this.adviceClassName = adviceClassName;
    this.internalTypeName = internalTypeName;
    this.bootstrap = bootstrap;
    this.declaring = declaring;
    this.module = module;
  }

  /** A rule for the types {@code types} matches among those of matching class loaders. */
  public static AdviceRule of(ElementMatcher<ClassLoader> classLoaders, ElementMatcher<TypeDescription> types,
      ElementMatcher<MethodDescription> methods, Class<?> advice) {
    return new AdviceRule(classLoaders, types, methods, advice.getName(), null, false, new DeclaredMethodScan.Shape[0], -1);
  }

  /** A rule for one class known by name, in whatever loader defines it. */
  public static AdviceRule forType(String className, ElementMatcher<MethodDescription> methods, Class<?> advice) {
    return new AdviceRule(loader -> true, named(className), methods, advice.getName(), className.replace('.', '/'),
        false, new DeclaredMethodScan.Shape[0], -1);
  }

  /**
   * A rule for one class of the bootstrap loader ({@code java.base}: {@code java.util.concurrent.FutureTask}, ...).
   * Such classes are often loaded before premain, or by the agent's own start-up: the installer
   * retransforms the loaded ones once Byte Buddy is ready, and one loaded meanwhile is not waited
   * for (waiting could need the very class being loaded) but retransformed too. The advice may
   * only add code to existing methods, as retransformation requires.
   */
  public static AdviceRule forBootstrapType(String className, ElementMatcher<MethodDescription> methods, Class<?> advice) {
    return new AdviceRule(loader -> loader == null, named(className), methods, advice.getName(), className.replace('.', '/'),
        true, new DeclaredMethodScan.Shape[0], -1);
  }

  /** This rule with its advice calling the handler of module number {@code module} (bound where it says {@code @Hooks.Module}). */
  AdviceRule calling(int module) {
    return new AdviceRule(classLoaders, types, methods, adviceClassName, internalTypeName, bootstrap, declaring, module,
        poolHolds);
  }

  boolean isBootstrap() {
    return bootstrap;
  }

  /** The binary name of the one type this rule names, or null. */
  String typeName() {
    return internalTypeName == null ? null : internalTypeName.replace('/', '.');
  }

  /**
   * This rule, applying only to classes that themselves declare a non-abstract method named one of
   * {@code names} whose JVM descriptor starts with {@code descriptorPrefix} (for instance
   * {@code "(Ljava/lang/String;"} for a first parameter of type String, {@code "()"} for none,
   * {@code ""} for any). Calls add up: a class declaring any listed method passes. The class file
   * is checked before Byte Buddy is asked, so a rule matched by hierarchy no longer makes every
   * class of its loaders a candidate. The list must cover every method {@code methods} can match
   * (advice only lands in the code of declared methods, so that is all the check needs to be exact).
   */
  public AdviceRule whenDeclaring(String descriptorPrefix, String... names) {
    if (declaring.length + names.length > MAX_DECLARING) {
      throw new IllegalArgumentException("a rule checks at most " + MAX_DECLARING + " methods");
    }
    DeclaredMethodScan.Shape[] more = Arrays.copyOf(declaring, declaring.length + names.length);
    for (int i = 0; i < names.length; i++) {
      more[declaring.length + i] = new DeclaredMethodScan.Shape(names[i], descriptorPrefix);
    }
    return new AdviceRule(classLoaders, types, methods, adviceClassName, internalTypeName, bootstrap, more, module,
        poolHolds);
  }

  /**
   * This rule, applying only to classes whose constant pool holds one of {@code constants} as a
   * UTF-8 entry: an annotation's descriptor ({@code "Lcom/acme/Timed;"}) is there in every class
   * that uses the annotation, so a rule matched by annotation makes no other class a candidate.
   * Checked with one allocation-free walk of the pool, before the {@link #whenDeclaring} check.
   */
  public AdviceRule whenPoolHolds(String... constants) {
    DeclaredMethodScan.Shape[] more = Arrays.copyOf(poolHolds, poolHolds.length + constants.length);
    for (int i = 0; i < constants.length; i++) {
      more[poolHolds.length + i] = new DeclaredMethodScan.Shape(constants[i], "");
    }
    return new AdviceRule(classLoaders, types, methods, adviceClassName, internalTypeName, bootstrap, declaring, module,
        more);
  }

  /** Whether the class file passes the {@link #whenPoolHolds} check (true without one, or when it cannot be read). */
  boolean poolCheckPasses(byte[] classFile) {
    return poolHolds.length == 0 || DeclaredMethodScan.poolHolds(classFile, poolHolds);
  }

  /**
   * Whether this rule could apply to the class in {@code classFile} judging by the methods it
   * declares: true when the rule lists none, or the class declares one, or the bytes cannot be read.
   */
  public boolean mayApplyToClassFile(byte[] classFile) {
    return poolCheckPasses(classFile) && (declaring.length == 0
        || DeclaredMethodScan.scan(classFile, declaring, -1L >>> (64 - declaring.length)) != 0);
  }

  /**
   * Whether Byte Buddy would weave this rule's advice into {@code type}: the type matches and
   * declares a matching method. What {@link #mayApplyToClassFile} must never deny.
   */
  public boolean weaves(TypeDescription type) {
    return types.matches(type) && !type.getDeclaredMethods().filter(methods).isEmpty();
  }

  /** Whether this rule names exactly this class (internal name a/b/C). */
  boolean namesType(String internalName) {
    return internalTypeName != null && internalTypeName.equals(internalName);
  }

  /** Whether this rule could apply to a class, from its loader and internal name alone. */
  boolean mayApply(ClassLoader loader, String internalName) {
    return (internalTypeName == null || internalTypeName.equals(internalName)) && classLoaders.matches(loader);
  }
}
