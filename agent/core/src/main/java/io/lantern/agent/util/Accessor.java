package io.lantern.agent.util;

/**
 * One public no-argument accessor of a library type, declared through {@link SdkApi.Type#accessor}
 * and read with {@link Getters}. Compared by identity: each declared constant is its own.
 */
public final class Accessor {
  /** The declared type; null for {@link Getters}' own probes, which are never reported. */
  final SdkApi.Type type;
  /** Its name, then what other versions of the library call it: the first a class has is read. */
  final String[] methods;

  Accessor(SdkApi.Type type, String[] methods) {
    this.type = type;
    this.methods = methods;
  }

  /** A read of any object's accessor of that name, absent without a word when it has none. */
  static Accessor probe(String method) {
    return new Accessor(null, new String[] {method});
  }

  public String method() {
    return methods[0];
  }

  /** The accessor was not found on {@code targetClass}: report it when that is a miss of the declared type. */
  void missed(Class<?> targetClass) {
    if (type != null) {
      type.missed(this, targetClass);
    }
  }

  @Override
  public String toString() {
    return (type == null ? "*" : type.name()) + "." + String.join("()|", methods) + "()";
  }
}
