package io.lantern.agent.util;

import io.lantern.agent.InstrumentationErrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a module reads of a library it cannot link against: the library's types, by binary name,
 * and the public no-argument accessors it calls on each, read through {@link Getters}. A module
 * declares all of it as constants of one class (its {@code *Models}) and reads only through those
 * constants ({@link Getters} takes no method names), so the declaration is the list of what it
 * reads and cannot drift from it:
 *
 * <ul>
 *   <li>the module's unit test resolves every declared type and accessor against the library
 *       version on its test class path ({@link #missing}) and fails naming any that is gone;
 *   <li>at run time, a read that finds an accessor gone on an object of its declared type is
 *       reported once per (class, accessor) through the module's {@link InstrumentationErrors}
 *       ({@link #reportTo}; counted, and warned of as an {@code instrumentation_error}), and still
 *       reads as absent. A read on an object of another type (the other side of a union the
 *       module tries both sides of) is absent by design, and silent.
 * </ul>
 */
public final class SdkApi {
  private final String instrumentation;
  private final List<Type> types = new CopyOnWriteArrayList<>();
  private volatile InstrumentationErrors errors;

  /** @param instrumentation the module name misses are reported under */
  public SdkApi(String instrumentation) {
    this.instrumentation = instrumentation;
  }

  /** The module name misses are reported under. */
  public String instrumentation() {
    return instrumentation;
  }

  /**
   * A library type, by binary name ({@code Outer$Inner}); several names for twins whose accessors
   * are the same (an SDK's beta copy of a model, the interfaces a default method is on).
   */
  public Type type(String className, String... twins) {
    String[] names = new String[twins.length + 1];
    names[0] = className;
    System.arraycopy(twins, 0, names, 1, twins.length);
    Type type = new Type(names);
    types.add(type);
    return type;
  }

  /** Where misses are reported from now on (the module's, at install; none until then). */
  public void reportTo(InstrumentationErrors errors) {
    this.errors = errors;
  }

  /** Every declared accessor. */
  public List<Accessor> accessors() {
    List<Accessor> all = new ArrayList<>();
    for (Type type : types) {
      all.addAll(type.accessors);
    }
    return Collections.unmodifiableList(all);
  }

  /**
   * What the library as {@code loader} sees it lacks of this declaration: {@code <class> (no such
   * class)} for a type, {@code <class>.<method>()} for an accessor (one per twin that lacks it; an
   * accessor with other versions' names, when the class has none of them),
   * resolved as {@link Getters} resolves at run time. Empty when everything is there.
   */
  public List<String> missing(ClassLoader loader) {
    List<String> missing = new ArrayList<>();
    for (Type type : types) {
      for (String name : type.classNames) {
        Class<?> found;
        try {
          found = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          missing.add(name + " (no such class)");
          continue;
        }
        for (Accessor accessor : type.accessors) {
          if (!Getters.resolves(found, accessor)) {
            missing.add(name + "." + String.join("()|", accessor.methods) + "()");
          }
        }
      }
    }
    return missing;
  }

  /** {@code accessor} is not there on {@code targetClass}: reported when that class is of its declared type. */
  void missed(Accessor accessor, Class<?> targetClass) {
    InstrumentationErrors current = errors;
    if (current != null && accessor.type.isTypeOf(targetClass)) {
      current.report(instrumentation, new MissingAccessorException(accessor + " is gone from " + targetClass.getName()
          + " (" + instrumentation + " reads it; a renamed SDK accessor?): read as absent"));
    }
  }

  /** A library type, and the accessors declared on it. */
  public final class Type {
    final String[] classNames;
    final List<Accessor> accessors = new CopyOnWriteArrayList<>();

    Type(String[] classNames) {
      this.classNames = classNames;
    }

    /** The binary name it was declared with first. */
    public String name() {
      return classNames[0];
    }

    /**
     * A public no-argument accessor of this type.
     *
     * @param otherVersions what other versions of the library call it (tried in turn where a class
     *     lacks {@code method}); a miss is a class having none of them
     */
    public Accessor accessor(String method, String... otherVersions) {
      String[] methods = new String[otherVersions.length + 1];
      methods[0] = method;
      System.arraycopy(otherVersions, 0, methods, 1, otherVersions.length);
      Accessor accessor = new Accessor(this, methods);
      accessors.add(accessor);
      return accessor;
    }

    void missed(Accessor accessor, Class<?> targetClass) {
      SdkApi.this.missed(accessor, targetClass);
    }

    /** Whether {@code type} is, extends or implements one of this type's classes (by name: any loader's copy). */
    boolean isTypeOf(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (named(c) || implementsOne(c)) {
          return true;
        }
      }
      return false;
    }

    private boolean implementsOne(Class<?> c) {
      for (Class<?> i : c.getInterfaces()) {
        if (named(i) || implementsOne(i)) {
          return true;
        }
      }
      return false;
    }

    private boolean named(Class<?> c) {
      for (String name : classNames) {
        if (c.getName().equals(name)) {
          return true;
        }
      }
      return false;
    }
  }

  /** What a run-time miss is reported as: no stack trace, the accessor and the class it is gone from. */
  public static final class MissingAccessorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingAccessorException(String message) {
      super(message, null, false, false);
    }
  }
}
