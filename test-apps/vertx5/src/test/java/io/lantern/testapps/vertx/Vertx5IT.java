package io.lantern.testapps.vertx;

/** {@link VertxServerSuite} on Vert.x 5.0, over test-apps/vertx4's app source. */
class Vertx5IT extends VertxServerSuite {}
