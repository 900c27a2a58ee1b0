package io.lantern.agent.util;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A {@link Proxy} of a library interface the agent cannot link against (a callback handler, a
 * reactive publisher) that stands for one of the application's or library's own objects: every
 * interface method runs on the target with the same arguments, returning or throwing what the
 * target does, after a subclass had a look in {@link #call}. The proxy class is defined in the
 * interface's own loader. {@code equals} and {@code hashCode} are the proxy's identity, {@code
 * toString} the target's.
 */
public abstract class ForwardingProxy implements InvocationHandler {
  protected final Object target;

  protected ForwardingProxy(Object target) {
    this.target = target;
  }

  /**
   * A proxy of {@code type} forwarding to the target through this handler, or the target itself
   * when {@code type} is not an interface the target implements.
   */
  public final Object proxy(Class<?> type) {
    if (type == null || !type.isInterface() || !type.isInstance(target)) {
      return target;
    }
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, this);
  }

  /**
   * The interface named {@code interfaceName} among those {@code type} implements, directly or
   * through its superclasses and superinterfaces, or null. Walks the hierarchy: callers cache the
   * answer per class (a {@link ClassValue}).
   */
  public static Class<?> implemented(Class<?> type, String interfaceName) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.isInterface() && c.getName().equals(interfaceName)) {
        return c;
      }
      for (Class<?> i : c.getInterfaces()) {
        Class<?> found = implemented(i, interfaceName);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  @Override
  public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return forward(method, args);
      }
    }
    return call(method, args);
  }

  /** One interface method call: look, then {@link #forward} (the default does only that). */
  protected Object call(Method method, Object[] args) throws Throwable {
    return forward(method, args);
  }

  /** Runs the method on the target: its result, or exactly what it threw. */
  protected final Object forward(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
