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

  private AdviceRule(ElementMatcher<ClassLoader> classLoaders, ElementMatcher<TypeDescription> types,
      ElementMatcher<MethodDescription> methods, Class<?> advice, String internalTypeName) {
    this.classLoaders = classLoaders;
    this.types = types;
    this.methods = methods;
    this.adviceClassName = advice.getName();
    this.internalTypeName = internalTypeName;
  }

  /** A rule for the types {@code types} matches among those of matching class loaders. */
  public static AdviceRule of(ElementMatcher<ClassLoader> classLoaders, ElementMatcher<TypeDescription> types,
      ElementMatcher<MethodDescription> methods, Class<?> advice) {
    return new AdviceRule(classLoaders, types, methods, advice, null);
  }

  /** A rule for one class known by name, in whatever loader defines it. */
  public static AdviceRule forType(String className, ElementMatcher<MethodDescription> methods, Class<?> advice) {
    return new AdviceRule(loader -> true, named(className), methods, advice, className.replace('.', '/'));
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
