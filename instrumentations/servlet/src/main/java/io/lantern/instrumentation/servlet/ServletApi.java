package io.lantern.instrumentation.servlet;

import io.lantern.agent.Names;
import io.lantern.agent.http.HttpServerGetter;
import io.lantern.agent.instrumentation.Handles;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * The servlet API methods Lantern reads, as method handles resolved once per request class against
 * that class's own {@code HttpServletRequest} interface (javax or jakarta, whichever it implements).
 * The agent's class loader cannot see the application's servlet API, so it cannot be compiled
 * against it; handles keep the per-request cost to plain interface calls, with no boxing.
 */
final class ServletApi implements HttpServerGetter<Object> {
  static final String SPRING_BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private static final ClassValue<ServletApi> BY_REQUEST_CLASS =
      new ClassValue<ServletApi>() {
        @Override
        protected ServletApi computeValue(Class<?> requestClass) {
          Class<?> httpRequest = findInterface(requestClass);
          if (httpRequest == null) {
            return null;
          }
          try {
            return new ServletApi(httpRequest);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("servlet API of " + requestClass.getName() + " not usable", e);
          }
        }
      };

  private static final MethodType STRING_GETTER = MethodType.methodType(String.class, Object.class);
  private static final MethodType OBJECT_GETTER = MethodType.methodType(Object.class, Object.class);

  private final MethodHandle getMethod;
  private final MethodHandle getScheme;
  private final MethodHandle getRequestUri;
  private final MethodHandle getContextPath;
  private final MethodHandle getServletPath;
  private final MethodHandle getHeader;
  private final MethodHandle getAttribute;
  private final MethodHandle getDispatcherType;
  private final MethodHandle isAsyncStarted;
  private final MethodHandle getAsyncContext;
  private final MethodHandle addAsyncListener;
  private final MethodHandle asyncEventThrowable;
  private final MethodHandle asyncEventContext;
  private final MethodHandle getStatus;
  /** Null before Servlet 4.0. */
  private final MethodHandle getHttpServletMapping;
  private final MethodHandle getMappingMatch;
  private final MethodHandle getPattern;
  private final Class<?> asyncListener;

  private ServletApi(Class<?> httpRequest) throws ReflectiveOperationException {
    String namespace = httpRequest.getPackageName().substring(0, httpRequest.getPackageName().length() - ".http".length());
    ClassLoader loader = httpRequest.getClassLoader();
    Class<?> servletRequest = Class.forName(namespace + ".ServletRequest", false, loader);
    Class<?> httpResponse = Class.forName(namespace + ".http.HttpServletResponse", false, loader);
    Class<?> asyncContext = Class.forName(namespace + ".AsyncContext", false, loader);
    Class<?> asyncEvent = Class.forName(namespace + ".AsyncEvent", false, loader);
    asyncListener = Class.forName(namespace + ".AsyncListener", false, loader);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    getMethod = getter(lookup, httpRequest, "getMethod", String.class, STRING_GETTER);
    getScheme = getter(lookup, servletRequest, "getScheme", String.class, STRING_GETTER);
    getRequestUri = getter(lookup, httpRequest, "getRequestURI", String.class, STRING_GETTER);
    getContextPath = getter(lookup, httpRequest, "getContextPath", String.class, STRING_GETTER);
    getServletPath = getter(lookup, httpRequest, "getServletPath", String.class, STRING_GETTER);
    getHeader = lookup.findVirtual(httpRequest, "getHeader", MethodType.methodType(String.class, String.class))
        .asType(MethodType.methodType(String.class, Object.class, String.class));
    getAttribute = lookup.findVirtual(servletRequest, "getAttribute", MethodType.methodType(Object.class, String.class))
        .asType(MethodType.methodType(Object.class, Object.class, String.class));
    Class<?> dispatcherType = Class.forName(namespace + ".DispatcherType", false, loader);
    getDispatcherType = getter(lookup, servletRequest, "getDispatcherType", dispatcherType, OBJECT_GETTER);
    isAsyncStarted = getter(lookup, servletRequest, "isAsyncStarted", boolean.class, MethodType.methodType(boolean.class, Object.class));
    getAsyncContext = getter(lookup, servletRequest, "getAsyncContext", asyncContext, OBJECT_GETTER);
    addAsyncListener = lookup.findVirtual(asyncContext, "addListener", MethodType.methodType(void.class, asyncListener))
        .asType(MethodType.methodType(void.class, Object.class, Object.class));
    asyncEventThrowable = getter(lookup, asyncEvent, "getThrowable", Throwable.class, MethodType.methodType(Throwable.class, Object.class));
    asyncEventContext = getter(lookup, asyncEvent, "getAsyncContext", asyncContext, OBJECT_GETTER);
    getStatus = getter(lookup, httpResponse, "getStatus", int.class, MethodType.methodType(int.class, Object.class));
    MethodHandle mapping = null;
    MethodHandle match = null;
    MethodHandle pattern = null;
    try {
      Class<?> mappingType = Class.forName(namespace + ".http.HttpServletMapping", false, loader);
      Class<?> matchType = Class.forName(namespace + ".http.MappingMatch", false, loader);
      mapping = getter(lookup, httpRequest, "getHttpServletMapping", mappingType, OBJECT_GETTER);
      match = getter(lookup, mappingType, "getMappingMatch", matchType, OBJECT_GETTER);
      pattern = getter(lookup, mappingType, "getPattern", String.class, STRING_GETTER);
    } catch (ClassNotFoundException | NoSuchMethodException servlet3) {
      // Servlet 3.x has no mapping API: routes fall back to _OTHER
    }
    getHttpServletMapping = mapping;
    getMappingMatch = match;
    getPattern = pattern;
  }

  /** The accessor for a request object, or null when it is not an HTTP servlet request. */
  static ServletApi of(Object request) {
    return request == null ? null : BY_REQUEST_CLASS.get(request.getClass());
  }

  @Override
  public String method(Object request) {
    try {
      return (String) getMethod.invokeExact(request);
    } catch (Throwable t) {
      throw Handles.unchecked(t);
    }
  }

  @Override
  public String scheme(Object request) {
    try {
      return (String) getScheme.invokeExact(request);
    } catch (Throwable t) {
      throw Handles.unchecked(t);
    }
  }

  /** The request URI, not decoded. */
  @Override
  public String path(Object request) {
    try {
      return (String) getRequestUri.invokeExact(request);
    } catch (Throwable t) {
      throw Handles.unchecked(t);
    }
  }

  @Override
  public String header(Object request, String name) {
    try {
      return (String) getHeader.invokeExact(request, name);
    } catch (Throwable t) {
      throw Handles.unchecked(t);
    }
  }

  /** True for the container's original dispatch; forwards, includes, error and async re-dispatches are not requests of their own. */
  boolean isRequestDispatch(Object request) throws Throwable {
    Object type = (Object) getDispatcherType.invokeExact(request);
    return type == null || "REQUEST".equals(((Enum<?>) type).name());
  }

  boolean isAsyncStarted(Object request) throws Throwable {
    return (boolean) isAsyncStarted.invokeExact(request);
  }

  int status(Object response) throws Throwable {
    return (int) getStatus.invokeExact(response);
  }

  /**
   * The route template: Spring MVC's best-matching pattern when present, else the servlet mapping
   * pattern; the default ("/") mapping and anything unknown is {@code _OTHER}, never the raw path.
   */
  String route(Object request) throws Throwable {
    Object springPattern = (Object) getAttribute.invokeExact(request, SPRING_BEST_MATCHING_PATTERN);
    Object mapping = getHttpServletMapping == null ? null : (Object) getHttpServletMapping.invokeExact(request);
    String matchName = mapping == null ? "" : matchName(mapping);
    if (springPattern instanceof String) {
      // Spring's pattern is relative to the DispatcherServlet; a path-mapped one (/api/*) adds its servlet path.
      String pattern = (String) springPattern;
      if (matchName.equals("PATH")) {
        pattern = (String) getServletPath.invokeExact(request) + pattern;
      }
      return withContextPath(request, pattern);
    }
    switch (matchName) {
      case "DEFAULT":
      case "":
        return Names.OTHER;
      case "CONTEXT_ROOT":
        String contextPath = (String) getContextPath.invokeExact(request);
        return contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
      default:
        String pattern = (String) getPattern.invokeExact(mapping);
        return pattern == null || pattern.isEmpty() ? Names.OTHER : withContextPath(request, pattern);
    }
  }

  private String matchName(Object mapping) throws Throwable {
    Object match = (Object) getMappingMatch.invokeExact(mapping);
    return match == null ? "" : ((Enum<?>) match).name();
  }

  /** Registers a listener, implemented by {@code handler}, on the request's async context. */
  void addAsyncListener(Object request, InvocationHandler handler) throws Throwable {
    Object context = (Object) getAsyncContext.invokeExact(request);
    Object listener = Proxy.newProxyInstance(asyncListener.getClassLoader(), new Class<?>[] {asyncListener}, handler);
    addAsyncListener.invokeExact(context, listener);
  }

  /** Re-registers {@code listener} on the context of an {@code onStartAsync} event, as the spec requires. */
  void reAddAsyncListener(Object asyncEvent, Object listener) throws Throwable {
    Object context = (Object) asyncEventContext.invokeExact(asyncEvent);
    addAsyncListener.invokeExact(context, listener);
  }

  Throwable asyncEventThrowable(Object asyncEvent) throws Throwable {
    return (Throwable) asyncEventThrowable.invokeExact(asyncEvent);
  }

  private String withContextPath(Object request, String pattern) throws Throwable {
    String contextPath = (String) getContextPath.invokeExact(request);
    return contextPath == null || contextPath.isEmpty() ? pattern : contextPath + pattern;
  }

  private static MethodHandle getter(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> returnType,
      MethodType erased) throws ReflectiveOperationException {
    return lookup.findVirtual(owner, name, MethodType.methodType(returnType)).asType(erased);
  }

  private static Class<?> findInterface(Class<?> type) {
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      for (Class<?> candidate : current.getInterfaces()) {
        Class<?> found = findInterfaceAmong(candidate);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static Class<?> findInterfaceAmong(Class<?> candidate) {
    String name = candidate.getName();
    if (name.equals("javax.servlet.http.HttpServletRequest") || name.equals("jakarta.servlet.http.HttpServletRequest")) {
      return candidate;
    }
    for (Class<?> parent : candidate.getInterfaces()) {
      Class<?> found = findInterfaceAmong(parent);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
