package io.lantern.agent.util;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads public no-argument accessors of library objects the agent cannot link against (an SDK's
 * response models live in the application's class loader). Each (class, method name) is resolved
 * once to a {@link MethodHandle} and cached per class; later reads are a map lookup and an invoke.
 *
 * <p>Reads never throw: a missing method, an accessor that throws (a model whose required field is
 * absent), or a null target all read as null (or -1, or an empty list). {@link Optional} results
 * are unwrapped.
 */
public final class Getters {
  private static final MethodType OBJECT_GETTER = MethodType.methodType(Object.class, Object.class);
  /** Stands for "no such accessor" in the cache (a ConcurrentHashMap holds no nulls). */
  private static final MethodHandle ABSENT = MethodHandles.constant(Object.class, null);

  private static final ClassValue<ConcurrentHashMap<String, MethodHandle>> HANDLES =
      new ClassValue<ConcurrentHashMap<String, MethodHandle>>() {
        @Override
        protected ConcurrentHashMap<String, MethodHandle> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private Getters() {}

  /** {@code target.method()}, an {@link Optional} unwrapped; null when anything is missing. */
  public static Object get(Object target, String method) {
    if (target == null) {
      return null;
    }
    ConcurrentHashMap<String, MethodHandle> handles = HANDLES.get(target.getClass());
    MethodHandle handle = handles.get(method);
    if (handle == null) {
      handle = resolve(target.getClass(), method);
      handles.put(method, handle);
    }
    if (handle == ABSENT) {
      return null;
    }
    try {
      Object value = handle.invokeExact(target);
      return value instanceof Optional ? ((Optional<?>) value).orElse(null) : value;
    } catch (Throwable t) {
      return null;
    }
  }

  /** A chain of accessors: {@code get(get(target, a), b)...}. */
  public static Object path(Object target, String... methods) {
    Object value = target;
    for (String method : methods) {
      value = get(value, method);
      if (value == null) {
        return null;
      }
    }
    return value;
  }

  /** A number accessor's value, or -1 when absent (or not a number). */
  public static long number(Object target, String method) {
    Object value = get(target, method);
    return value instanceof Number ? ((Number) value).longValue() : -1;
  }

  /** A string accessor's value; enum-like values (with {@code asString()}) and others as text; null when absent. */
  public static String string(Object target, String method) {
    return text(get(target, method));
  }

  /** A value as text: itself for a string, {@code asString()} when it has one (SDK enums), else {@code toString()}. */
  public static String text(Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    Object asString = get(value, "asString");
    return asString instanceof String ? (String) asString : value.toString();
  }

  /** A list accessor's value, or an empty list. */
  public static List<?> list(Object target, String method) {
    Object value = get(target, method);
    return value instanceof List ? (List<?>) value : Collections.emptyList();
  }

  /** True when the accessor returns {@code Boolean.TRUE}. */
  public static boolean isTrue(Object target, String method) {
    return Boolean.TRUE.equals(get(target, method));
  }

  private static MethodHandle resolve(Class<?> type, String name) {
    Method method = publicMethod(type, name);
    if (method == null) {
      return ABSENT;
    }
    try {
      return MethodHandles.publicLookup().unreflect(method).asType(OBJECT_GETTER);
    } catch (IllegalAccessException | RuntimeException e) {
      return ABSENT;
    }
  }

  /** The accessor as declared by a public class or interface in the type's hierarchy (a private class's own is not callable). */
  private static Method publicMethod(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Method found = declared(c, name);
      if (found != null) {
        return found;
      }
      for (Class<?> i : c.getInterfaces()) {
        Method fromInterface = publicMethod(i, name);
        if (fromInterface != null) {
          return fromInterface;
        }
      }
    }
    return null;
  }

  private static Method declared(Class<?> c, String name) {
    if (!Modifier.isPublic(c.getModifiers())) {
      return null;
    }
    try {
      Method m = c.getDeclaredMethod(name);
      return Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getReturnType() != void.class
          ? m : null;
    } catch (NoSuchMethodException | SecurityException | LinkageError e) {
      return null;
    }
  }
}
