package io.lantern.instrumentation.apachehttpclient5;

import io.lantern.agent.http.HttpClientGetter;
import io.lantern.agent.http.HttpHeaderSetter;
import io.lantern.agent.instrumentation.Handles;
import io.lantern.agent.instrumentation.LibraryApis;
import java.lang.invoke.MethodHandle;
import java.net.URI;

/**
 * The HttpCore 5 methods Lantern calls, as method handles resolved once per class of the objects read
 * (requests, responses) against the interfaces of its loader, and what the HTTP client domain reads
 * with them. The agent's class loader cannot see the application's HttpClient, so it cannot be
 * compiled against it.
 */
final class ApacheApi implements HttpClientGetter<Object, Object> {
  static final LibraryApis<ApacheApi> BY_CLASS = new LibraryApis<>("HttpCore 5", ApacheApi::new);
  /** Sets a header on a request, replacing one of the same name. */
  static final HttpHeaderSetter<Object> HEADERS = (request, name, value) -> of(request).setHeader(request, name, value);

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

  /** The API for an object of HttpCore's (a request, a response). */
  static ApacheApi of(Object httpCoreObject) {
    return BY_CLASS.of(httpCoreObject);
  }

  @Override
  public String method(Object request) throws Throwable {
    return (String) getMethod.invokeExact(request);
  }

  /** Built by HttpCore on each call: read only for a recorded span. */
  @Override
  public URI url(Object request) throws Throwable {
    return (URI) getUri.invokeExact(request);
  }

  /** The server's host name: the target's, else the request's authority's; null when neither is known. */
  @Override
  public String serverAddress(Object request, Object target) throws Throwable {
    if (target != null) {
      return (String) hostName.invokeExact(target);
    }
    Object authority = (Object) getAuthority.invokeExact(request);
    return authority == null ? null : (String) authorityHost.invokeExact(authority);
  }

  /** The server's port (the target's, else the request's authority's), the scheme's default when none is given; -1 when unknown. */
  @Override
  public int serverPort(Object request, Object target) throws Throwable {
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

  @Override
  public int statusCode(Object response) throws Throwable {
    return (int) getCode.invokeExact(response);
  }
}
