package io.lantern.instrumentation.vertx;

import io.lantern.agent.http.HttpServerGetter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The public Vert.x API methods Lantern reads ({@code HttpServerRequest} and {@code HttpServerResponse},
 * the same in 4.5 and 5.0), as method handles resolved once per implementation class against the
 * interfaces of that class's own loader: the agent's loader cannot see Vert.x.
 */
final class VertxApi implements HttpServerGetter<Object> {
  private static final ClassValue<VertxApi> BY_CLASS =
      new ClassValue<VertxApi>() {
        @Override
        protected VertxApi computeValue(Class<?> type) {
          try {
            return new VertxApi(type.getClassLoader());
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Vert.x HTTP API of " + type.getName() + " not usable", e);
          }
        }
      };
  private static final MethodType STRING_GETTER = MethodType.methodType(String.class, Object.class);

  private final MethodHandle method;
  private final MethodHandle scheme;
  private final MethodHandle path;
  private final MethodHandle getHeader;
  private final MethodHandle statusCode;

  private VertxApi(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> request = Class.forName("io.vertx.core.http.HttpServerRequest", false, loader);
    Class<?> response = Class.forName("io.vertx.core.http.HttpServerResponse", false, loader);
    Class<?> httpMethod = Class.forName("io.vertx.core.http.HttpMethod", false, loader);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    // HttpMethod is a class (not an enum) in 4.x and 5.x; name() is its text, custom methods included.
    method = MethodHandles.filterReturnValue(
        lookup.findVirtual(request, "method", MethodType.methodType(httpMethod)),
        lookup.findVirtual(httpMethod, "name", MethodType.methodType(String.class))).asType(STRING_GETTER);
    scheme = lookup.findVirtual(request, "scheme", MethodType.methodType(String.class)).asType(STRING_GETTER);
    path = lookup.findVirtual(request, "path", MethodType.methodType(String.class)).asType(STRING_GETTER);
    getHeader = lookup.findVirtual(request, "getHeader", MethodType.methodType(String.class, String.class))
        .asType(MethodType.methodType(String.class, Object.class, String.class));
    statusCode = lookup.findVirtual(response, "getStatusCode", MethodType.methodType(int.class))
        .asType(MethodType.methodType(int.class, Object.class));
  }

  /** The API for a Vert.x request or response object. */
  static VertxApi of(Object requestOrResponse) {
    return BY_CLASS.get(requestOrResponse.getClass());
  }

  @Override
  public String method(Object request) {
    return (String) invoke(method, request);
  }

  @Override
  public String scheme(Object request) {
    return (String) invoke(scheme, request);
  }

  /** {@code HttpServerRequest.path()}: the path as received, without the query. */
  @Override
  public String path(Object request) {
    return (String) invoke(path, request);
  }

  @Override
  public String header(Object request, String name) {
    try {
      return (String) getHeader.invokeExact(request, name);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  int status(Object response) {
    try {
      return (int) statusCode.invokeExact(response);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static Object invoke(MethodHandle getter, Object target) {
    try {
      return (String) getter.invokeExact(target);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
