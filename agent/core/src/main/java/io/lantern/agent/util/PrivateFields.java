package io.lantern.agent.util;

import java.lang.reflect.Field;
import java.util.Optional;

/**
 * A library's private field of one name, read where the library offers no public accessor (a
 * Stainless service's {@code clientOptions}, a LangChain4j model's {@code client}). Resolved and
 * made accessible once per class; a class without it, or one the agent may not open, reads as null.
 * Reads never throw.
 */
public final class PrivateFields {
  private final ClassValue<Optional<Field>> fields;

  /** The field named {@code name}, declared by the object's own class. */
  public PrivateFields(String name) {
    this.fields = new ClassValue<Optional<Field>>() {
      @Override
      protected Optional<Field> computeValue(Class<?> type) {
        try {
          Field field = type.getDeclaredField(name);
          field.setAccessible(true);
          return Optional.of(field);
        } catch (NoSuchFieldException | RuntimeException | LinkageError e) {
          return Optional.empty();
        }
      }
    };
  }

  /** The field's value in {@code target}, or null (no target, no such field, not readable). */
  public Object read(Object target) {
    Field field = target == null ? null : fields.get(target.getClass()).orElse(null);
    try {
      return field == null ? null : field.get(target);
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }
}
