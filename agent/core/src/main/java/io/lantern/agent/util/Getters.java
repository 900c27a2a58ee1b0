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
 * response models live in the application's class loader), each a constant its module declared in
 * its {@link SdkApi}. Each (class, accessor) is resolved once to a {@link MethodHandle} and cached
 * per class; later reads are a map lookup and an invoke.
 *
 * <p>Reads never throw: a missing method, an accessor that throws (a model whose required field is
 * absent), or a null target all read as null (or -1, or an empty list). {@link Optional} results
 * are unwrapped. A missing method is not silent, though: the first read that finds it gone from a
 * class of the accessor's declared type is reported through the module's errors (see {@link SdkApi}).
 */
public final class Getters {
  private static final MethodType OBJECT_GETTER = MethodType.methodType(Object.class, Object.class);
  /** Stands for "no such accessor" in the cache (a ConcurrentHashMap holds no nulls). */
  private static final MethodHandle ABSENT = MethodHandles.constant(Object.class, null);
  /** The text of an SDK's enum-like values, where they have one. */
  private static final Accessor AS_STRING = Accessor.probe("asString");

  private static final ClassValue<ConcurrentHashMap<Accessor, MethodHandle>> HANDLES =
      new ClassValue<ConcurrentHashMap<Accessor, MethodHandle>>() {
        @Override
        protected ConcurrentHashMap<Accessor, MethodHandle> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private Getters() {}

  /** {@code target.accessor()}, an {@link Optional} unwrapped; null when anything is missing. */
  public static Object get(Object target, Accessor accessor) {
    if (target == null) {
      return null;
    }
    Class<?> type = target.getClass();
    ConcurrentHashMap<Accessor, MethodHandle> handles = HANDLES.get(type);
    MethodHandle handle = handles.get(accessor);
    if (handle == null) {
      handle = resolve(type, accessor);
      MethodHandle raced = handles.putIfAbsent(accessor, handle);
      if (raced != null) {
        handle = raced;
      } else if (handle == ABSENT) {
        accessor.missed(type); // once: the cache has the answer now
      }
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
  public static Object path(Object target, Accessor... accessors) {
    Object value = target;
    for (Accessor accessor : accessors) {
      value = get(value, accessor);
      if (value == null) {
        return null;
      }
    }
    return value;
  }

  /** A number accessor's value, or -1 when absent (or not a number). */
  public static long number(Object target, Accessor accessor) {
    Object value = get(target, accessor);
    return value instanceof Number ? ((Number) value).longValue() : -1;
  }

  /** A string accessor's value; enum-like values (with {@code asString()}) and others as text; null when absent. */
  public static String string(Object target, Accessor accessor) {
    return text(get(target, accessor));
  }

  /** A value as text: itself for a string, {@code asString()} when it has one (SDK enums), else {@code toString()}. */
  public static String text(Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    Object asString = get(value, AS_STRING);
    return asString instanceof String ? (String) asString : value.toString();
  }

  /** A list accessor's value, or an empty list. */
  public static List<?> list(Object target, Accessor accessor) {
    Object value = get(target, accessor);
    return value instanceof List ? (List<?>) value : Collections.emptyList();
  }

  /** How many of {@code items} have {@code accessor} present (non-null, a non-empty Optional): a response's tool calls. */
  public static int countPresent(List<?> items, Accessor accessor) {
    int count = 0;
    for (Object item : items) {
      if (get(item, accessor) != null) {
        count++;
      }
    }
    return count;
  }

  /** True when the accessor returns {@code Boolean.TRUE}. */
  public static boolean isTrue(Object target, Accessor accessor) {
    return Boolean.TRUE.equals(get(target, accessor));
  }

  /** Whether {@code type} has the accessor as a read would find it (for {@link SdkApi#missing}). */
  static boolean resolves(Class<?> type, Accessor accessor) {
    return resolve(type, accessor) != ABSENT;
  }

  /** The first of the accessor's names the type has. */
  private static MethodHandle resolve(Class<?> type, Accessor accessor) {
    for (String name : accessor.methods) {
      Method method = publicMethod(type, name);
      if (method != null) {
        try {
          return MethodHandles.publicLookup().unreflect(method).asType(OBJECT_GETTER);
        } catch (IllegalAccessException | RuntimeException e) {
          // not callable: the next name, else absent
        }
      }
    }
    return ABSENT;
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
