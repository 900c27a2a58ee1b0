package io.lantern.agent.instrumentation;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which methods of which types get which advice. The class loader matcher runs first and is cheap
 * (cached per loader), so hierarchy walks only happen in loaders that can see the technology.
 */
public final class AdviceRule {
  final ElementMatcher<ClassLoader> classLoaders;
  final ElementMatcher<TypeDescription> types;
  final ElementMatcher<MethodDescription> methods;
  final String adviceClassName;

  private AdviceRule(ElementMatcher<ClassLoader> classLoaders, ElementMatcher<TypeDescription> types,
      ElementMatcher<MethodDescription> methods, String adviceClassName) {
    this.classLoaders = classLoaders;
    this.types = types;
    this.methods = methods;
    this.adviceClassName = adviceClassName;
  }

  public static AdviceRule of(ElementMatcher<ClassLoader> classLoaders, ElementMatcher<TypeDescription> types,
      ElementMatcher<MethodDescription> methods, Class<?> advice) {
    return new AdviceRule(classLoaders, types, methods, advice.getName());
  }
}
