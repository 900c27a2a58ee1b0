package io.lantern.agent.instrumentation;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.matcher.ElementMatcher;

/** Class loader matchers for {@link AdviceRule}s. */
public final class ClassLoaders {
  private ClassLoaders() {}

  /**
   * Matches the loaders of application classes: neither bootstrap nor platform. Rules whose types
   * only the application implements use it to skip every JDK class without a hierarchy walk.
   */
  public static ElementMatcher<ClassLoader> application() {
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    return loader -> loader != null && loader != platform;
  }

  /**
   * Matches loaders that can see {@code className}, by resource lookup (no class loading), with the
   * answer cached per loader. A null loader means bootstrap; its view is the platform loader's.
   */
  public static ElementMatcher<ClassLoader> canSee(String className) {
    String resource = className.replace('.', '/') + ".class";
    Map<ClassLoader, Boolean> cache = new WeakHashMap<>();
    return new ElementMatcher<ClassLoader>() {
      @Override
      public boolean matches(ClassLoader loader) {
        ClassLoader effective = loader == null ? ClassLoader.getPlatformClassLoader() : loader;
        synchronized (cache) {
          return cache.computeIfAbsent(effective, l -> l.getResource(resource) != null);
        }
      }

      @Override
      public String toString() {
        return "canSee(" + className + ")";
      }
    };
  }
}
