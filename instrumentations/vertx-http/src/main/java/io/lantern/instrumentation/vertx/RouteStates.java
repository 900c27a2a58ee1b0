package io.lantern.instrumentation.vertx;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.regex.Pattern;

/**
 * Reads vertx-web's {@code RouteState} (package-private, the same fields in 4.5 and 5.0: {@code path},
 * {@code exactPath}, {@code pattern}, {@code subRouter}) through field getters resolved once per
 * class; vertx-web lives in an unnamed module, which is open to the agent's private lookup.
 */
final class RouteStates {
  private static final ClassValue<RouteStates> BY_CLASS =
      new ClassValue<RouteStates>() {
        @Override
        protected RouteStates computeValue(Class<?> type) {
          try {
            return new RouteStates(type);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("vertx-web route state " + type.getName() + " not readable", e);
          }
        }
      };

  private final MethodHandle path;
  private final MethodHandle exactPath;
  private final MethodHandle pattern;
  private final MethodHandle subRouter;

  private RouteStates(Class<?> type) throws ReflectiveOperationException {
    MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
    path = lookup.findGetter(type, "path", String.class).asType(MethodType.methodType(String.class, Object.class));
    exactPath = lookup.findGetter(type, "exactPath", boolean.class).asType(MethodType.methodType(boolean.class, Object.class));
    pattern = lookup.findGetter(type, "pattern", Pattern.class).asType(MethodType.methodType(Pattern.class, Object.class));
    Class<?> router = Class.forName("io.vertx.ext.web.Router", false, type.getClassLoader());
    subRouter = lookup.findGetter(type, "subRouter", router).asType(MethodType.methodType(Object.class, Object.class));
  }

  /** Hands the route's fields to {@link VertxExchange#routed}. */
  static void route(VertxExchange exchange, Object routingContext, Object routeState) throws Throwable {
    RouteStates fields = BY_CLASS.get(routeState.getClass());
    Pattern pattern = (Pattern) fields.pattern.invokeExact(routeState);
    exchange.routed(routingContext, (String) fields.path.invokeExact(routeState), (boolean) fields.exactPath.invokeExact(routeState),
        pattern == null ? null : pattern.pattern(), (Object) fields.subRouter.invokeExact(routeState) != null);
  }
}
