package io.lantern.testapps.vertx;

/** {@link VertxServerSuite} on Vert.x 4.5. */
class Vertx4IT extends VertxServerSuite {}
