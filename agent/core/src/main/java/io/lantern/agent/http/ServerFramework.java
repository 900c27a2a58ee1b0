package io.lantern.agent.http;

/**
 * A web framework running above an HTTP server module that knows, only when the request ends, what
 * the server cannot see: the route template it matched and the exception its handler failed with
 * and it turned into a response itself (Spring WebFlux on Reactor Netty: the server only sees the
 * 500 the framework wrote). The framework's module attaches its own request object to the {@link
 * ServerRequest} with {@link ServerRequest#attachFramework}; the recorder asks it at the end.
 */
public interface ServerFramework {
  /** The route template the framework matched for {@code frameworkRequest}, or null when none. */
  String route(Object frameworkRequest);

  /** The exception the framework handled for {@code frameworkRequest} (and answered with a status), or null. */
  Throwable handledError(Object frameworkRequest);
}
