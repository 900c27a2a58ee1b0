package io.lantern.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which methods of which types get which advice. Before Byte Buddy sees a class, the installer
 * asks {@link #mayApply}: the class loader matcher (cheap, cached per loader) and, when the rule
 * names its one type, the class name. Only candidates reach Byte Buddy's hierarchy walks.
 */
public final class AdviceRule {
  final ElementMatcher<ClassLoader> classLoaders;
  final ElementMatcher<TypeDescription> types;
  final ElementMatcher<MethodDescription> methods;
  final String adviceClassName;
  /** Internal name (a/b/C) of the one type this rule instruments, or null when matched by hierarchy. */
  private final String internalTypeName;
  /** A bootstrap (JDK) class that may be loaded before the agent: retransformed, never waited for. */
  private final boolean bootstrap;

  private AdviceRule(ElementMatcher<ClassLoader> classLoaders, ElementMatcher<TypeDescription> types,
      ElementMatcher<MethodDescription> methods, Class<?> advice, String internalTypeName, boolean bootstrap) {
    this.classLoaders = classLoaders;
    this.types = types;
    this.methods = methods;
    this.adviceClassName = advice.getName();
    this.internalTypeName = internalTypeName;
    this.bootstrap = bootstrap;
  }

  /** A rule for the types {@code types} matches among those of matching class loaders. */
  public static AdviceRule of(ElementMatcher<ClassLoader> classLoaders, ElementMatcher<TypeDescription> types,
      ElementMatcher<MethodDescription> methods, Class<?> advice) {
    return new AdviceRule(classLoaders, types, methods, advice, null, false);
  }

  /** A rule for one class known by name, in whatever loader defines it. */
  public static AdviceRule forType(String className, ElementMatcher<MethodDescription> methods, Class<?> advice) {
    return new AdviceRule(loader -> true, named(className), methods, advice, className.replace('.', '/'), false);
  }

  /**
   * A rule for one class of the bootstrap loader ({@code java.base}: {@code java.util.concurrent.FutureTask}, ...).
   * Such classes are often loaded before premain, or by the agent's own start-up: the installer
   * retransforms the loaded ones once Byte Buddy is ready, and one loaded meanwhile is not waited
   * for (waiting could need the very class being loaded) but retransformed too. The advice may
   * only add code to existing methods, as retransformation requires.
   */
  public static AdviceRule forBootstrapType(String className, ElementMatcher<MethodDescription> methods, Class<?> advice) {
    return new AdviceRule(loader -> loader == null, named(className), methods, advice, className.replace('.', '/'), true);
  }

  boolean isBootstrap() {
    return bootstrap;
  }

  /** The binary name of the one type this rule names, or null. */
  String typeName() {
    return internalTypeName == null ? null : internalTypeName.replace('/', '.');
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
