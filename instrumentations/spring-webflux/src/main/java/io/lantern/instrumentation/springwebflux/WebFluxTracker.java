package io.lantern.instrumentation.springwebflux;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.http.ServerFramework;
import io.lantern.agent.http.ServerRequest;
import io.lantern.agent.instrumentation.Handles;
import io.lantern.agent.instrumentation.LibraryApis;
import io.lantern.agent.operation.RequestOperation;
import io.lantern.bootstrap.Hooks;
import java.lang.invoke.MethodHandle;
import java.util.Map;

/**
 * Reads a WebFlux exchange's attributes when its request ends: the route is the best-matching
 * pattern Spring stored ({@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}, which annotated
 * controllers and, since 5.3, router functions set; else the router function's {@code
 * RouterFunctions.MATCHING_PATTERN_ATTRIBUTE}); its {@code toString()} is the pattern as written
 * ({@code /users/{id}}), never the path. The handled error is the one {@code
 * ExceptionHandlingWebHandler} stores under {@code HANDLED_WEB_EXCEPTION} before Spring's (or
 * Boot's) exception handlers turn it into a response, thrown or signalled alike. The attributes
 * are a concurrent map: reading them takes no lock.
 */
final class WebFluxTracker implements Hooks.Handler, ServerFramework {
  static final String INSTRUMENTATION = "spring-webflux";
  /** Exit of {@code createExchange}: returned the exchange. */
  static final int CREATE_EXCHANGE = 0;
  static final String BEST_MATCHING_PATTERN = "org.springframework.web.reactive.HandlerMapping.bestMatchingPattern";
  static final String ROUTER_MATCHING_PATTERN = "org.springframework.web.reactive.function.server.RouterFunctions.matchingPattern";
  static final String HANDLED_EXCEPTION = "ExceptionHandlingWebHandler.handledException";

  private static final LibraryApis<MethodHandle> GET_ATTRIBUTES = new LibraryApis<>("spring-webflux",
      loader -> Handles.method(Class.forName("org.springframework.web.server.ServerWebExchange", false, loader),
          "getAttributes", Map.class));

  private final InstrumentationErrors errors;

  WebFluxTracker(InstrumentationErrors errors) {
    this.errors = errors;
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (site == CREATE_EXCHANGE && returned != null) {
      try {
        RequestOperation request = RequestOperation.current();
        if (request instanceof ServerRequest) {
          ((ServerRequest) request).attachFramework(this, returned);
        }
      } catch (Throwable t) {
        errors.report(INSTRUMENTATION, t);
      }
    }
    return returned;
  }

  @Override
  public String route(Object exchange) {
    Map<String, Object> attributes = attributes(exchange);
    Object pattern = attributes.get(BEST_MATCHING_PATTERN);
    if (pattern == null) {
      pattern = attributes.get(ROUTER_MATCHING_PATTERN);
    }
    return pattern == null ? null : pattern.toString();
  }

  @Override
  public Throwable handledError(Object exchange) {
    Object error = attributes(exchange).get(HANDLED_EXCEPTION);
    return error instanceof Throwable ? (Throwable) error : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> attributes(Object exchange) {
    try {
      return (Map<String, Object>) (Map<?, ?>) GET_ATTRIBUTES.of(exchange).invokeExact(exchange);
    } catch (Throwable t) {
      throw Handles.unchecked(t);
    }
  }
}
