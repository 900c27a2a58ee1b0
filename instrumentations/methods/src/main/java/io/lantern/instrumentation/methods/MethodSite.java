package io.lantern.instrumentation.methods;

import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.agent.trace.LanternSpan;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/**
 * One woven method as the tracker knows it, resolved on its first call: the label, the span's name
 * and kind, and the nesting depth shared by every method of that label (a method re-entering
 * itself, directly or through an overload of the same name, is measured once, at the outermost call).
 */
final class MethodSite {
  /**
   * Built at run time: the agent's packaging relocates {@code io.opentelemetry} (its own copy of the
   * SDK) in class names and in string constants that look like them, and this one must stay the application's.
   */
  static final String WITH_SPAN = String.join(".", "io", "opentelemetry", "instrumentation", "annotations", "WithSpan");

  /** {@code code_function_name}. */
  final String label;
  /** {@code com.acme.Trader.decide}: the span's {@code code.function.name}. */
  final String functionName;
  final String spanName;
  final LanternSpan.Kind kind;
  final CallDepth depth;

  MethodSite(String label, String functionName, String spanName, LanternSpan.Kind kind, CallDepth depth) {
    this.label = label;
    this.functionName = functionName;
    this.spanName = spanName;
    this.kind = kind;
    this.depth = depth;
  }

  /** {@code decide(Ljava/lang/String;)I} to {@code decide}. */
  static String methodName(String nameAndDescriptor) {
    int paren = nameAndDescriptor.indexOf('(');
    return paren < 0 ? nameAndDescriptor : nameAndDescriptor.substring(0, paren);
  }

  /** {@code com.acme.Outer$Inner} to {@code Outer$Inner}. */
  static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /**
   * The method's {@code @WithSpan}, read by name through reflection (the agent never links to the
   * annotation jar): {value, kind name}, or null when the method has none. A missing {@code SpanKind}
   * class leaves the kind null.
   */
  static String[] withSpan(Class<?> type, String nameAndDescriptor) {
    Method method = find(type, nameAndDescriptor);
    if (method == null) {
      return null;
    }
    for (Annotation annotation : method.getDeclaredAnnotations()) {
      Class<? extends Annotation> annotationType = annotation.annotationType();
      if (annotationType.getName().equals(WITH_SPAN)) {
        String value = null;
        String kind = null;
        try {
          value = (String) annotationType.getMethod("value").invoke(annotation);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
          // no value: the default name
        }
        try {
          Object k = annotationType.getMethod("kind").invoke(annotation);
          kind = k instanceof Enum ? ((Enum<?>) k).name() : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
          // no SpanKind on the class path: INTERNAL
        }
        return new String[] {value, kind};
      }
    }
    return null;
  }

  static LanternSpan.Kind kind(String name) {
    if (name != null) {
      for (LanternSpan.Kind kind : LanternSpan.Kind.values()) {
        if (kind.name().equals(name)) {
          return kind;
        }
      }
    }
    return LanternSpan.Kind.INTERNAL;
  }

  private static Method find(Class<?> type, String nameAndDescriptor) {
    String name = methodName(nameAndDescriptor);
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(name) && nameAndDescriptor.equals(name + descriptor(method))) {
        return method;
      }
    }
    return null;
  }

  static String descriptor(Method method) {
    StringBuilder out = new StringBuilder("(");
    for (Class<?> parameter : method.getParameterTypes()) {
      descriptor(parameter, out);
    }
    out.append(')');
    descriptor(method.getReturnType(), out);
    return out.toString();
  }

  private static void descriptor(Class<?> type, StringBuilder out) {
    if (type.isArray()) {
      out.append(type.getName().replace('.', '/'));
    } else if (type.isPrimitive()) {
      out.append(type == void.class ? 'V' : type == boolean.class ? 'Z' : type == byte.class ? 'B'
          : type == char.class ? 'C' : type == short.class ? 'S' : type == int.class ? 'I'
          : type == long.class ? 'J' : type == float.class ? 'F' : 'D');
    } else {
      out.append('L').append(type.getName().replace('.', '/')).append(';');
    }
  }
}
