package io.lantern.agent.instrumentation;

/**
 * What a module resolved on an application library it cannot be compiled against (its method
 * handles, see {@link Handles}), once per class of the library's objects it reads: against the
 * loader that defined that class, so each copy of the library in the application gets its own.
 * Resolving happens the first time an object of a class is read; later reads are a
 * {@link ClassValue} lookup.
 */
public final class LibraryApis<T> {
  /** Resolves the API against the library classes {@code loader} sees. */
  @FunctionalInterface
  public interface Resolver<T> {
    T resolve(ClassLoader loader) throws ReflectiveOperationException;
  }

  private final ClassValue<T> byClass;

  /** @param library the library's name, for the error when its copy lacks something resolved */
  public LibraryApis(String library, Resolver<T> resolver) {
    this.byClass = new ClassValue<T>() {
      @Override
      protected T computeValue(Class<?> type) {
        try {
          return resolver.resolve(type.getClassLoader());
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(library + " API of " + type.getName() + " not usable", e);
        }
      }
    };
  }

  /**
   * The API for an object of the library's.
   *
   * @throws IllegalStateException when that copy of the library lacks what the API resolves (every
   *     later read of the class throws it again)
   */
  public T of(Object libraryObject) {
    return byClass.get(libraryObject.getClass());
  }
}
