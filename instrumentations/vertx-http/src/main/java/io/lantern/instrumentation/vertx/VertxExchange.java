package io.lantern.instrumentation.vertx;

import io.lantern.agent.http.ServerRequest;

/**
 * One Vert.x request in flight: its recording, and what vertx-web told about it (the route that
 * handled it, the failure it was failed with).
 *
 * <p>The route is the template of the last route with a path that handled the request, with the
 * paths of the sub-router mounts it went through in front ({@code /api} + {@code /items/:id}), as
 * Vert.x writes them; a route without a path (a {@code BodyHandler} on {@code router.route()}) is
 * no template and leaves it unchanged. A sub-router runs on a routing context of its own (vertx-web
 * creates one per mount it enters), so the prefix is remembered per routing context: the first
 * handler to see a new context after a mount route ran inherits that mount's prefix. Routing
 * contexts are held only until the request ends, so that a weak map keyed by the Vert.x context can
 * hold this object (a routing context refers to its request, and so to that key).
 *
 * <p>vertx-web writes route and failure on the request's context thread; the end may come from
 * another (a response ended in {@code executeBlocking}), hence the volatile reads.
 */
final class VertxExchange {
  /** Routing contexts remembered per request: nested sub-routers deeper than this keep the last prefix. */
  static final int MAX_ROUTING_CONTEXTS = 8;
  private static final String HTTP_EXCEPTION = "io.vertx.ext.web.handler.HttpException";

  final ServerRequest request;
  private volatile String route;
  private volatile Throwable failure;
  private volatile boolean failed;

  private Object[] routingContexts;
  private String[] prefixes;
  private int seen;
  /** The prefix a mount route handed on to the routing context its sub-router is about to create. */
  private String pendingPrefix;

  VertxExchange(ServerRequest request) {
    this.request = request;
  }

  /**
   * A vertx-web route is handling the request on {@code routingContext}.
   *
   * @param path the route's path ({@code /items/:id}; for {@code /static/*} Vert.x keeps {@code /static/}), or null
   * @param exactPath false for a path that ended in {@code *}
   * @param pattern the route's regular expression when it has no path, or null
   * @param mountsSubRouter the route hands the request to a sub-router
   */
  void routed(Object routingContext, String path, boolean exactPath, String pattern, boolean mountsSubRouter) {
    String prefix = prefixOf(routingContext);
    String template = path != null ? (exactPath ? path : path + "*") : pattern;
    if (template == null) {
      return;
    }
    if (mountsSubRouter) {
      String mount = path != null && path.endsWith("/") ? path.substring(0, path.length() - 1) : template;
      pendingPrefix = prefix.isEmpty() ? mount : prefix + mount;
    } else {
      route = prefix.isEmpty() ? template : prefix + template;
    }
  }

  /** The router found no route for the request (its 404/405): whatever matched on the way is no template for it. */
  void noMatch() {
    if (!failed) {
      route = null;
    }
  }

  /** The routing context was failed: with a throwable (null for {@code fail(status)}). */
  void failed(Throwable throwable) {
    failed = true;
    // HttpException is vertx-web's way to answer with a status, not the application's error.
    if (throwable != null && !throwable.getClass().getName().equals(HTTP_EXCEPTION)) {
      failure = throwable;
    }
  }

  /** The route template, or null when none is known. */
  String route() {
    return route;
  }

  /** The exception the request was failed with, or null. */
  Throwable failure() {
    return failure;
  }

  /** The request ended: routing contexts are not kept any longer. */
  void ended() {
    routingContexts = null;
    prefixes = null;
    seen = 0;
  }

  private String prefixOf(Object routingContext) {
    if (routingContexts == null) {
      routingContexts = new Object[MAX_ROUTING_CONTEXTS];
      prefixes = new String[MAX_ROUTING_CONTEXTS];
    }
    for (int i = 0; i < seen; i++) {
      if (routingContexts[i] == routingContext) {
        return prefixes[i];
      }
    }
    String prefix = pendingPrefix != null ? pendingPrefix : "";
    pendingPrefix = null;
    if (seen < MAX_ROUTING_CONTEXTS) {
      routingContexts[seen] = routingContext;
      prefixes[seen] = prefix;
      seen++;
    }
    return prefix;
  }
}
