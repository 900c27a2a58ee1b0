package io.lantern.agent.http;

/**
 * Sets one request header on what a client sends: the request itself when it is mutable, else a
 * builder or header map the module copies it into. Setting a header again replaces it.
 */
@FunctionalInterface
public interface HttpHeaderSetter<C> {
  void set(C carrier, String name, String value) throws Throwable;
}
