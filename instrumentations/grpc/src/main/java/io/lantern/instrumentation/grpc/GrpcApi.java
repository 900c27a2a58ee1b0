package io.lantern.instrumentation.grpc;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * grpc-java's objects read reflectively (the agent is not compiled against the application's
 * copy): one {@link Method} or {@link Field} per class, found once ({@code ClassValue}, so no
 * application class is held beyond its loader's life).
 */
final class GrpcApi {
  private GrpcApi() {}

  /** A no-argument method by name, looked up once per receiver class. */
  static final class Call extends ClassValue<Method> {
    private final String name;

    Call(String name) {
      this.name = name;
    }

    @Override
    protected Method computeValue(Class<?> type) {
      try {
        Method method = type.getMethod(name);
        method.setAccessible(true);
        return method;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    Object invoke(Object target) throws ReflectiveOperationException {
      Method method = target == null ? null : get(target.getClass());
      return method == null ? null : method.invoke(target);
    }
  }

  /** An instance field by name, declared by the class or a superclass, looked up once per class. */
  static final class Read extends ClassValue<Field> {
    private final String name;

    Read(String name) {
      this.name = name;
    }

    @Override
    protected Field computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        try {
          Field field = c.getDeclaredField(name);
          if (!Modifier.isStatic(field.getModifiers())) {
            field.setAccessible(true);
            return field;
          }
        } catch (NoSuchFieldException e) {
          // look further up
        } catch (RuntimeException e) {
          return null;
        }
      }
      return null;
    }

    Object read(Object target) throws IllegalAccessException {
      Field field = target == null ? null : get(target.getClass());
      return field == null ? null : field.get(target);
    }
  }

  static final Call FULL_METHOD_NAME = new Call("getFullMethodName");
  static final Call GET_CODE = new Call("getCode");
  static final Call IS_CANCELLED = new Call("isCancelled");
  static final Call GET_DEADLINE = new Call("getDeadline");
  static final Call IS_EXPIRED = new Call("isExpired");
  static final Call AUTHORITY = new Call("authority");
  static final Call GET_AUTHORITY = new Call("getAuthority");
  static final Read CALL = new Read("call");
  static final Read CONTEXT = new Read("context");
  static final Read METHOD = new Read("method");
  static final Read CALL_OPTIONS = new Read("callOptions");
  static final Read STREAM_PROVIDER = new Read("clientStreamProvider");
  static final Read OUTER = new Read("this$0");
  static final Read LOOKUP_FUTURE = new Read("val$future");
  static final Read LOOKUP_HEADERS = new Read("val$headers");

  /** The status's code number (0 OK ... 16 UNAUTHENTICATED), or -1 when unreadable. */
  static int code(Object status) throws ReflectiveOperationException {
    Object code = GET_CODE.invoke(status);
    return code instanceof Enum ? ((Enum<?>) code).ordinal() : -1;
  }

  /** {@code io.grpc.Metadata} through its own class's loader: ASCII keys made once per name. */
  static final class Metadata {
    private static final ClassValue<Metadata> BY_CLASS = new ClassValue<Metadata>() {
      @Override
      protected Metadata computeValue(Class<?> type) {
        try {
          return new Metadata(type);
        } catch (ReflectiveOperationException | RuntimeException e) {
          return null;
        }
      }
    };

    private final Method get;
    private final Method put;
    private final Method discardAll;
    private final Method keyOf;
    private final Object asciiMarshaller;
    private final ConcurrentHashMap<String, Object> keys = new ConcurrentHashMap<>();

    private Metadata(Class<?> type) throws ReflectiveOperationException {
      Class<?> keyType = Class.forName("io.grpc.Metadata$Key", false, type.getClassLoader());
      Class<?> marshallerType = Class.forName("io.grpc.Metadata$AsciiMarshaller", false, type.getClassLoader());
      get = type.getMethod("get", keyType);
      put = type.getMethod("put", keyType, Object.class);
      discardAll = type.getMethod("discardAll", keyType);
      keyOf = keyType.getMethod("of", String.class, marshallerType);
      asciiMarshaller = type.getField("ASCII_STRING_MARSHALLER").get(null);
    }

    static Metadata of(Object headers) {
      return headers == null ? null : BY_CLASS.get(headers.getClass());
    }

    private Object key(String name) throws ReflectiveOperationException {
      Object key = keys.get(name);
      if (key == null) {
        key = keyOf.invoke(null, name, asciiMarshaller);
        keys.putIfAbsent(name, key);
      }
      return key;
    }

    /** The last value of {@code name} (lower case), or null. */
    String get(Object headers, String name) throws ReflectiveOperationException {
      Object value = get.invoke(headers, key(name));
      return value instanceof String ? (String) value : null;
    }

    /** Replaces every value of {@code name} with {@code value}. */
    void set(Object headers, String name, String value) throws ReflectiveOperationException {
      Object key = key(name);
      discardAll.invoke(headers, key);
      put.invoke(headers, key, value);
    }
  }

  /** The host of an authority ({@code host:port}, {@code [v6]:port}), without the port. */
  static String host(String authority) {
    if (authority == null) {
      return null;
    }
    int at = authority.lastIndexOf('@');
    String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close > 0 ? hostPort.substring(1, close) : hostPort;
    }
    int colon = hostPort.indexOf(':');
    return colon >= 0 && hostPort.indexOf(':', colon + 1) < 0 ? hostPort.substring(0, colon) : hostPort;
  }

  /** The port of an authority, or -1. */
  static int port(String authority) {
    if (authority == null) {
      return -1;
    }
    int colon = authority.lastIndexOf(':');
    int close = authority.lastIndexOf(']');
    if (colon < 0 || colon < close || (close < 0 && authority.indexOf(':') != colon)) {
      return -1;
    }
    try {
      return Integer.parseInt(authority.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
