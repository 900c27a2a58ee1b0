package io.lantern.instrumentation.servlet;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.http.HttpServerRecorder;
import io.lantern.agent.http.ServerRequest;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.bootstrap.Hooks;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * Turns servlet and filter invocations into one recording per request. Filters, servlets,
 * forwards and includes nest on one thread, so only the outermost invocation (depth 0) of a
 * REQUEST dispatch records; error and async re-dispatches are not requests of their own. A request
 * that went async ends when its {@code AsyncListener.onComplete} fires.
 */
final class ServletRequestTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "servlet";
  /**
   * {@code service(request, response)} / {@code doFilter(request, response, chain)}: on enter, argument
   * the request; on exit, self the request and returned the response (the woven methods return
   * nothing, so nothing is replaced).
   */
  static final int SERVICE = 0;

  private final CallDepth depth = new CallDepth();
  private final HttpServerRecorder recorder;
  private final InstrumentationErrors errors;

  ServletRequestTracker(HttpServerRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    return started(argument);
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (state != null) {
      ended(state, self, returned, thrown);
    }
    return returned;
  }

  private Object started(Object request) {
    if (!depth.enter()) {
      return CallDepth.NOT_RECORDING;
    }
    try {
      ServletApi api = ServletApi.of(request);
      if (api == null || !api.isRequestDispatch(request)) {
        return CallDepth.NOT_RECORDING;
      }
      return recorder.start(api, request);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return CallDepth.NOT_RECORDING;
    }
  }

  private void ended(Object state, Object request, Object response, Throwable thrown) {
    depth.exit();
    if (!(state instanceof ServerRequest)) {
      return;
    }
    ServerRequest serverRequest = (ServerRequest) state;
    try {
      ServletApi api = ServletApi.of(request);
      if (thrown == null && api.isAsyncStarted(request)) {
        api.addAsyncListener(request, new AsyncCompletion(api, serverRequest, request, response));
      } else {
        recorder.end(serverRequest, api.route(request), thrown != null ? 500 : api.status(response), applicationError(thrown));
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      recorder.end(serverRequest, null, 500, thrown);
    } finally {
      recorder.detach(serverRequest);
    }
  }

  /**
   * The application's exception inside the wrappers frameworks add on the way out (Spring's
   * FrameworkServlet rethrows everything as a ServletException): {@code error_type} names what
   * the application threw, not how it was carried.
   */
  static Throwable applicationError(Throwable thrown) {
    Throwable error = thrown;
    for (int depth = 0; depth < 8 && error != null && error.getCause() != null && isServletWrapper(error); depth++) {
      error = error.getCause();
    }
    return error;
  }

  private static boolean isServletWrapper(Throwable error) {
    String name = error.getClass().getName();
    return name.equals("jakarta.servlet.ServletException") || name.equals("javax.servlet.ServletException")
        || name.equals("org.springframework.web.util.NestedServletException");
  }

  /** The body of the proxy {@code AsyncListener} that ends an async request. */
  private final class AsyncCompletion implements InvocationHandler {
    private final ServletApi api;
    private final ServerRequest serverRequest;
    private final Object request;
    private final Object response;
    private volatile Throwable asyncError;

    AsyncCompletion(ServletApi api, ServerRequest serverRequest, Object request, Object response) {
      this.api = api;
      this.serverRequest = serverRequest;
      this.request = request;
      this.response = response;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      if (method.getDeclaringClass() == Object.class) {
        switch (method.getName()) {
          case "equals": return proxy == args[0];
          case "hashCode": return System.identityHashCode(proxy);
          default: return "LanternAsyncListener";
        }
      }
      try {
        switch (method.getName()) {
          case "onComplete":
            Throwable error = asyncError;
            recorder.end(serverRequest, api.route(request), error != null ? 500 : api.status(response), applicationError(error));
            break;
          case "onError":
            asyncError = api.asyncEventThrowable(args[0]);
            break;
          case "onStartAsync":
            api.reAddAsyncListener(args[0], proxy);
            break;
          default: // onTimeout: the container completes the request next, and onComplete records it
        }
      } catch (Throwable t) {
        errors.report(INSTRUMENTATION, t);
      }
      return null;
    }
  }
}
