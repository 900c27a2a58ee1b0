package io.lantern.instrumentation.reactornetty;

import io.lantern.agent.http.HttpServerGetter;
import io.lantern.agent.instrumentation.Handles;
import io.lantern.agent.instrumentation.LibraryApis;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * What Lantern reads of a Reactor Netty server request, through its public interfaces {@code
 * HttpServerRequest} / {@code HttpServerResponse} (the operations class itself is package-private),
 * as method handles resolved once per copy of Reactor Netty: the agent's loader cannot see it.
 * Chained reads ({@code method().name()}) are one composed handle each.
 */
final class ReactorNettyApi implements HttpServerGetter<Object> {
  static final LibraryApis<ReactorNettyApi> APIS = new LibraryApis<>("reactor-netty", ReactorNettyApi::new);

  private final Class<?> httpRequestMessage;
  private final MethodHandle methodName;
  private final MethodHandle uri;
  private final MethodHandle scheme;
  private final MethodHandle header;
  private final MethodHandle statusCode;

  private ReactorNettyApi(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> request = Class.forName("reactor.netty.http.server.HttpServerRequest", false, loader);
    Class<?> response = Class.forName("reactor.netty.http.server.HttpServerResponse", false, loader);
    Class<?> nettyMethod = Class.forName("io.netty.handler.codec.http.HttpMethod", false, loader);
    Class<?> headers = Class.forName("io.netty.handler.codec.http.HttpHeaders", false, loader);
    Class<?> status = Class.forName("io.netty.handler.codec.http.HttpResponseStatus", false, loader);
    httpRequestMessage = Class.forName("io.netty.handler.codec.http.HttpRequest", false, loader);
    methodName = MethodHandles.filterReturnValue(Handles.method(request, "method", nettyMethod),
        Handles.method(nettyMethod, "name", String.class));
    uri = Handles.method(request, "uri", String.class);
    scheme = Handles.method(request, "scheme", String.class);
    // (request, name) -> request.requestHeaders().get(name)
    header = MethodHandles.filterArguments(Handles.method(headers, "get", String.class, String.class), 0,
        Handles.method(request, "requestHeaders", headers));
    statusCode = MethodHandles.filterReturnValue(Handles.method(response, "status", status),
        Handles.method(status, "code", int.class));
  }

  /** Whether an inbound message is a request head (not a body chunk). */
  boolean isRequestHead(Object message) {
    return httpRequestMessage.isInstance(message);
  }

  @Override
  public String method(Object operations) {
    try {
      return (String) methodName.invokeExact(operations);
    } catch (Throwable t) {
      throw Handles.unchecked(t);
    }
  }

  @Override
  public String scheme(Object operations) {
    try {
      return (String) scheme.invokeExact(operations);
    } catch (Throwable t) {
      throw Handles.unchecked(t);
    }
  }

  /** The request URI as received, without its query. */
  @Override
  public String path(Object operations) {
    try {
      String raw = (String) uri.invokeExact(operations);
      int query = raw.indexOf('?');
      return query < 0 ? raw : raw.substring(0, query);
    } catch (Throwable t) {
      throw Handles.unchecked(t);
    }
  }

  @Override
  public String header(Object operations, String name) {
    try {
      return (String) header.invokeExact(operations, name);
    } catch (Throwable t) {
      throw Handles.unchecked(t);
    }
  }

  /** The response status as it stands (the one sent, once the headers went out). */
  int status(Object operations) {
    try {
      return (int) statusCode.invokeExact(operations);
    } catch (Throwable t) {
      throw Handles.unchecked(t);
    }
  }
}
