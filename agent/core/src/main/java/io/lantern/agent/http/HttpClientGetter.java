package io.lantern.agent.http;

import io.lantern.agent.instrumentation.LibraryApis;

/**
 * What the HTTP client domain reads from a client library's objects. A client module implements it
 * over its request and response types (directly, or through method handles when the agent cannot be
 * compiled against the library) and hands it to {@link HttpClientRecorder#instrumenter}; the
 * {@link HttpClientInstrumenter} it gets back does the rest: nesting, the call's span and metrics,
 * error reports. The client counterpart of {@link HttpServerGetter}.
 *
 * <p>A read may throw (a method handle does): the instrumenter reports it and the call goes on as
 * the application made it, unrecorded or without its URL.
 */
public interface HttpClientGetter<REQ, RESP> {
  /** The request method as sent. */
  String method(REQ request) throws Throwable;

  /**
   * The server's host name, or null when unknown.
   *
   * @param target where the call goes when the library passes that apart from the request (Apache
   *     HttpClient's {@code HttpHost}), else null
   */
  String serverAddress(REQ request, Object target) throws Throwable;

  /** The server port, the scheme's default when none is given; -1 when unknown. */
  int serverPort(REQ request, Object target) throws Throwable;

  /**
   * The request URL, read only when the call's span is recorded: an object whose {@code toString()}
   * is the URL (user info, query and fragment are removed from it), or null.
   */
  Object url(REQ request) throws Throwable;

  /** The status code of a response (never null). */
  int statusCode(RESP response) throws Throwable;

  /**
   * For a library the agent cannot be compiled against: a getter that reads each object through the
   * getter resolved for that object's class (a request, a response), from {@code apis}.
   */
  static HttpClientGetter<Object, Object> byClass(LibraryApis<? extends HttpClientGetter<Object, Object>> apis) {
    return new HttpClientGetter<Object, Object>() {
      @Override
      public String method(Object request) throws Throwable {
        return apis.of(request).method(request);
      }

      @Override
      public String serverAddress(Object request, Object target) throws Throwable {
        return apis.of(request).serverAddress(request, target);
      }

      @Override
      public int serverPort(Object request, Object target) throws Throwable {
        return apis.of(request).serverPort(request, target);
      }

      @Override
      public Object url(Object request) throws Throwable {
        return apis.of(request).url(request);
      }

      @Override
      public int statusCode(Object response) throws Throwable {
        return apis.of(response).statusCode(response);
      }
    };
  }
}
