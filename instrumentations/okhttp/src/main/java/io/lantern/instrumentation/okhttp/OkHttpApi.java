package io.lantern.instrumentation.okhttp;

import io.lantern.agent.http.HttpClientGetter;
import io.lantern.agent.instrumentation.Handles;
import io.lantern.agent.instrumentation.LibraryApis;
import java.lang.invoke.MethodHandle;

/**
 * The OkHttp methods Lantern calls (the same in OkHttp 4 and 5), as method handles resolved once
 * per OkHttp copy, against the classes of the loader that defined the object at hand, and what the
 * HTTP client domain reads with them. The agent's class loader cannot see the application's OkHttp,
 * so it cannot be compiled against it.
 */
final class OkHttpApi implements HttpClientGetter<Object, Object> {
  static final LibraryApis<OkHttpApi> BY_CLASS = new LibraryApis<>("OkHttp", OkHttpApi::new);

  private final MethodHandle callRequest;
  private final MethodHandle requestMethod;
  private final MethodHandle requestUrl;
  private final MethodHandle requestHeader;
  private final MethodHandle newBuilder;
  private final MethodHandle builderHeader;
  private final MethodHandle build;
  private final MethodHandle urlHost;
  private final MethodHandle urlPort;
  private final MethodHandle responseCode;

  private OkHttpApi(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> call = Class.forName("okhttp3.Call", false, loader);
    Class<?> request = Class.forName("okhttp3.Request", false, loader);
    Class<?> builder = Class.forName("okhttp3.Request$Builder", false, loader);
    Class<?> url = Class.forName("okhttp3.HttpUrl", false, loader);
    Class<?> response = Class.forName("okhttp3.Response", false, loader);
    callRequest = Handles.method(call, "request", request);
    requestMethod = Handles.method(request, "method", String.class);
    requestUrl = Handles.method(request, "url", url);
    requestHeader = Handles.method(request, "header", String.class, String.class);
    newBuilder = Handles.method(request, "newBuilder", builder);
    builderHeader = Handles.method(builder, "header", builder, String.class, String.class);
    build = Handles.method(builder, "build", request);
    urlHost = Handles.method(url, "host", String.class);
    urlPort = Handles.method(url, "port", int.class);
    responseCode = Handles.method(response, "code", int.class);
  }

  /** The API for an object of OkHttp's (a call, a request, a response). */
  static OkHttpApi of(Object okhttpObject) {
    return BY_CLASS.of(okhttpObject);
  }

  Object callRequest(Object call) throws Throwable {
    return (Object) callRequest.invokeExact(call);
  }

  @Override
  public String method(Object request) throws Throwable {
    return (String) requestMethod.invokeExact(request);
  }

  @Override
  public Object url(Object request) throws Throwable {
    return (Object) requestUrl.invokeExact(request);
  }

  String header(Object request, String name) throws Throwable {
    return (String) requestHeader.invokeExact(request, name);
  }

  @Override
  public String serverAddress(Object request, Object target) throws Throwable {
    return (String) urlHost.invokeExact(url(request));
  }

  @Override
  public int serverPort(Object request, Object target) throws Throwable {
    return (int) urlPort.invokeExact(url(request));
  }

  @Override
  public int statusCode(Object response) throws Throwable {
    return (int) responseCode.invokeExact(response);
  }

  /** A copy of {@code request} with {@code name} set to {@code value}, and {@code name2} to {@code value2} unless null. */
  Object withHeaders(Object request, String name, String value, String name2, String value2) throws Throwable {
    Object builder = (Object) newBuilder.invokeExact(request);
    builder = (Object) builderHeader.invokeExact(builder, name, value);
    if (value2 != null) {
      builder = (Object) builderHeader.invokeExact(builder, name2, value2);
    }
    return (Object) build.invokeExact(builder);
  }
}
