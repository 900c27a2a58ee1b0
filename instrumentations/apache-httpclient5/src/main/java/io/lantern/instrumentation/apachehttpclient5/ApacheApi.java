package io.lantern.instrumentation.apachehttpclient5;

import io.lantern.agent.instrumentation.Handles;
import java.lang.invoke.MethodHandle;
import java.net.URI;

/**
 * The HttpCore 5 methods Lantern calls, as method handles resolved once per request class against
 * the interfaces of that class's own loader. The agent's class loader cannot see the
 * application's HttpClient, so it cannot be compiled against it.
 */
final class ApacheApi {
  private static final ClassValue<ApacheApi> BY_CLASS =
      new ClassValue<ApacheApi>() {
        @Override
        protected ApacheApi computeValue(Class<?> requestClass) {
          try {
            return new ApacheApi(requestClass.getClassLoader());
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("HttpCore 5 API of " + requestClass.getName() + " not usable", e);
          }
        }
      };

  private final MethodHandle getMethod;
  private final MethodHandle getUri;
  private final MethodHandle getAuthority;
  private final MethodHandle getScheme;
  private final MethodHandle authorityHost;
  private final MethodHandle authorityPort;
  private final MethodHandle hostName;
  private final MethodHandle hostPort;
  private final MethodHandle hostScheme;
  private final MethodHandle setHeader;
  private final MethodHandle getCode;

  private ApacheApi(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> request = Class.forName("org.apache.hc.core5.http.HttpRequest", false, loader);
    Class<?> message = Class.forName("org.apache.hc.core5.http.HttpMessage", false, loader);
    Class<?> response = Class.forName("org.apache.hc.core5.http.HttpResponse", false, loader);
    Class<?> host = Class.forName("org.apache.hc.core5.http.HttpHost", false, loader);
    Class<?> authority = Class.forName("org.apache.hc.core5.net.URIAuthority", false, loader);
    getMethod = Handles.method(request, "getMethod", String.class);
    getUri = Handles.method(request, "getUri", URI.class);
    getAuthority = Handles.method(request, "getAuthority", authority);
    getScheme = Handles.method(request, "getScheme", String.class);
    authorityHost = Handles.method(authority, "getHostName", String.class);
    authorityPort = Handles.method(authority, "getPort", int.class);
    hostName = Handles.method(host, "getHostName", String.class);
    hostPort = Handles.method(host, "getPort", int.class);
    hostScheme = Handles.method(host, "getSchemeName", String.class);
    setHeader = Handles.method(message, "setHeader", void.class, String.class, Object.class);
    getCode = Handles.method(response, "getCode", int.class);
  }

  /** The API for a request object. */
  static ApacheApi of(Object request) {
    return BY_CLASS.get(request.getClass());
  }

  String method(Object request) throws Throwable {
    return (String) getMethod.invokeExact(request);
  }

  URI uri(Object request) throws Throwable {
    return (URI) getUri.invokeExact(request);
  }

  /** The server's host name: the target's, else the request's authority's; null when neither is known. */
  String host(Object target, Object request) throws Throwable {
    if (target != null) {
      return (String) hostName.invokeExact(target);
    }
    Object authority = (Object) getAuthority.invokeExact(request);
    return authority == null ? null : (String) authorityHost.invokeExact(authority);
  }

  /** The server's port, the scheme's default when none is given; -1 when unknown. */
  int port(Object target, Object request) throws Throwable {
    int port;
    String scheme;
    if (target != null) {
      port = (int) hostPort.invokeExact(target);
      scheme = (String) hostScheme.invokeExact(target);
    } else {
      Object authority = (Object) getAuthority.invokeExact(request);
      port = authority == null ? -1 : (int) authorityPort.invokeExact(authority);
      scheme = (String) getScheme.invokeExact(request);
    }
    if (port >= 0) {
      return port;
    }
    return "https".equalsIgnoreCase(scheme) ? 443 : "http".equalsIgnoreCase(scheme) ? 80 : -1;
  }

  void setHeader(Object request, String name, String value) throws Throwable {
    setHeader.invokeExact(request, name, (Object) value);
  }

  int code(Object response) throws Throwable {
    return (int) getCode.invokeExact(response);
  }
}
