package io.lantern.instrumentation.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The route label as vertx-web's routing reports it, route by route. */
class VertxExchangeTest {
  private final Object top = new Object();
  private final Object sub = new Object();
  private final Object subSub = new Object();

  @Test
  void aRouteWithAPathIsItsTemplate() {
    VertxExchange e = new VertxExchange(null);
    e.routed(top, null, false, null, false); // router.route().handler(BodyHandler.create())
    assertNull(e.route());
    e.routed(top, "/items/:id", true, "^/items/(?<p0>[^/]+)$", false);
    assertEquals("/items/:id", e.route());
  }

  @Test
  void aWildcardPathKeepsItsStarAndARegexRouteIsItsPattern() {
    VertxExchange e = new VertxExchange(null);
    e.routed(top, "/static/", false, null, false);
    assertEquals("/static/*", e.route());
    e.routed(top, null, true, "/re/\\d+", false);
    assertEquals("/re/\\d+", e.route());
  }

  @Test
  void subRouterRoutesCarryTheMountedPrefixes() {
    VertxExchange e = new VertxExchange(null);
    e.routed(top, "/api/", false, null, true);
    e.routed(sub, "/v1/", false, null, true);
    e.routed(subSub, "/items/:id", true, null, false);
    assertEquals("/api/v1/items/:id", e.route());
    // Back on the first sub-router's context: its own prefix only.
    e.routed(sub, "/other", true, null, false);
    assertEquals("/api/other", e.route());
    e.routed(top, "/hello", true, null, false);
    assertEquals("/hello", e.route());
  }

  @Test
  void noMatchIsNoRouteUnlessTheRequestFailed() {
    VertxExchange e = new VertxExchange(null);
    e.routed(top, "/api/", false, null, false);
    e.noMatch();
    assertNull(e.route());
    e.routed(top, "/error", true, null, false);
    IllegalStateException boom = new IllegalStateException("boom");
    e.failed(boom);
    e.noMatch();
    assertEquals("/error", e.route());
    assertSame(boom, e.failure());
  }

  @Test
  void failWithAStatusOnlyIsNoException() {
    VertxExchange e = new VertxExchange(null);
    e.failed(null);
    assertNull(e.failure());
  }
}
