package io.lantern.instrumentation.reactornetty;

import io.lantern.agent.http.HttpClientGetter;
import io.lantern.agent.http.HttpHeaderSetter;
import io.lantern.agent.instrumentation.Handles;
import io.lantern.agent.instrumentation.LibraryApis;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * What Lantern reads of a Reactor Netty client exchange (its {@code HttpClientOperations}, which is
 * the request and the response), through the public {@code HttpClientInfos} / {@code
 * HttpClientResponse} interfaces, as method handles resolved once per copy of Reactor Netty.
 * Host and port are read from the request's {@code resourceUrl()} (absolute once the request is
 * prepared) without building a {@code URI}.
 */
final class ReactorNettyClientApi implements HttpClientGetter<Object, Object>, HttpHeaderSetter<Object> {
  static final LibraryApis<ReactorNettyClientApi> APIS = new LibraryApis<>("reactor-netty-client", ReactorNettyClientApi::new);

  private final Class<?> responseHead;
  private final Class<?> lastContent;
  private final MethodHandle methodName;
  private final MethodHandle resourceUrl;
  private final MethodHandle requestHeaders;
  private final MethodHandle setHeader;
  private final MethodHandle status;
  private final MethodHandle statusCode;

  private ReactorNettyClientApi(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> infos = Class.forName("reactor.netty.http.client.HttpClientInfos", false, loader);
    Class<?> response = Class.forName("reactor.netty.http.client.HttpClientResponse", false, loader);
    Class<?> nettyMethod = Class.forName("io.netty.handler.codec.http.HttpMethod", false, loader);
    Class<?> headers = Class.forName("io.netty.handler.codec.http.HttpHeaders", false, loader);
    Class<?> nettyStatus = Class.forName("io.netty.handler.codec.http.HttpResponseStatus", false, loader);
    responseHead = Class.forName("io.netty.handler.codec.http.HttpResponse", false, loader);
    lastContent = Class.forName("io.netty.handler.codec.http.LastHttpContent", false, loader);
    methodName = MethodHandles.filterReturnValue(Handles.method(infos, "method", nettyMethod),
        Handles.method(nettyMethod, "name", String.class));
    resourceUrl = Handles.method(infos, "resourceUrl", String.class);
    requestHeaders = Handles.method(infos, "requestHeaders", headers);
    setHeader = Handles.method(headers, "set", headers, String.class, Object.class);
    status = Handles.method(response, "status", nettyStatus);
    statusCode = Handles.method(nettyStatus, "code", int.class);
  }

  /** Whether an inbound message is the response head. */
  boolean isResponseHead(Object message) {
    return responseHead.isInstance(message);
  }

  /** Whether an inbound message is the response's last part. */
  boolean isLast(Object message) {
    return lastContent.isInstance(message);
  }

  @Override
  public String method(Object operations) throws Throwable {
    return (String) methodName.invokeExact(operations);
  }

  @Override
  public String serverAddress(Object operations, Object target) throws Throwable {
    String url = (String) resourceUrl.invokeExact(operations);
    int start = authorityStart(url);
    if (start < 0) {
      return null;
    }
    int end = authorityEnd(url, start);
    if (url.startsWith("[", start)) {
      int close = url.indexOf(']', start);
      return close < 0 || close > end ? null : url.substring(start + 1, close);
    }
    int colon = url.indexOf(':', start);
    return url.substring(start, colon < 0 || colon > end ? end : colon);
  }

  @Override
  public int serverPort(Object operations, Object target) throws Throwable {
    String url = (String) resourceUrl.invokeExact(operations);
    int start = authorityStart(url);
    if (start < 0) {
      return -1;
    }
    int end = authorityEnd(url, start);
    int from = url.startsWith("[", start) ? url.indexOf(']', start) : start;
    int colon = from < 0 ? -1 : url.indexOf(':', from);
    if (colon < 0 || colon > end) {
      return url.regionMatches(true, 0, "https", 0, 5) || url.regionMatches(true, 0, "wss", 0, 3) ? 443 : 80;
    }
    int port = 0;
    for (int i = colon + 1; i < end; i++) {
      char c = url.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port;
  }

  /** After {@code scheme://} and any user info; -1 when the URL is not absolute. */
  private static int authorityStart(String url) {
    if (url == null) {
      return -1;
    }
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return -1;
    }
    int start = scheme + 3;
    int at = url.indexOf('@', start);
    return at >= 0 && at < authorityEnd(url, start) ? at + 1 : start;
  }

  private static int authorityEnd(String url, int start) {
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
    }
    return url.length();
  }

  @Override
  public Object url(Object operations) throws Throwable {
    return (String) resourceUrl.invokeExact(operations);
  }

  /** The response status; 0 before the response head arrived. */
  @Override
  public int statusCode(Object operations) throws Throwable {
    Object s = (Object) status.invokeExact(operations);
    return s == null ? 0 : (int) statusCode.invokeExact(s);
  }

  /** Sets a header of the request about to be written (Netty's headers are mutable until then). */
  @Override
  public void set(Object operations, String name, String value) throws Throwable {
    Object headers = (Object) requestHeaders.invokeExact(operations);
    Object unused = (Object) setHeader.invokeExact(headers, name, (Object) value);
  }
}
