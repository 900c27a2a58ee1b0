package io.lantern.agent.instrumentation;

import java.lang.reflect.UndeclaredThrowableException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Method handles on an application library's public methods, for handlers that cannot be compiled
 * against the library (the agent's class loader does not see it). The receiver, and every library
 * type among the parameters and the return, are erased to {@code Object}; {@code java.*} types
 * and primitives stay, so calls through {@code invokeExact} need no boxing.
 */
public final class Handles {
  private Handles() {}

  /** {@code owner.name(params)} returning {@code returns}, as {@code (Object, params...) -> returns}, both erased. */
  public static MethodHandle method(Class<?> owner, String name, Class<?> returns, Class<?>... params)
      throws ReflectiveOperationException {
    MethodHandle handle = MethodHandles.publicLookup().findVirtual(owner, name, MethodType.methodType(returns, params));
    Class<?>[] erasedParams = new Class<?>[params.length + 1];
    erasedParams[0] = Object.class;
    for (int i = 0; i < params.length; i++) {
      erasedParams[i + 1] = erase(params[i]);
    }
    return handle.asType(MethodType.methodType(erase(returns), erasedParams));
  }

  /** A library type as {@code Object}; primitives and {@code java.*} types as they are. */
  static Class<?> erase(Class<?> type) {
    return type.isPrimitive() || type.getName().startsWith("java.") ? type : Object.class;
  }

  /**
   * What {@code invokeExact} threw, for a handle call behind an interface that declares no checked
   * exception (a domain getter): unchecked throwables as they are, others wrapped. The hook
   * handler's own catch reports it either way.
   */
  public static RuntimeException unchecked(Throwable thrown) {
    if (thrown instanceof RuntimeException) {
      return (RuntimeException) thrown;
    }
    if (thrown instanceof Error) {
      throw (Error) thrown;
    }
    return new UndeclaredThrowableException(thrown);
  }
}
