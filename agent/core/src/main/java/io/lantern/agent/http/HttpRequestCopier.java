package io.lantern.agent.http;

/**
 * For a client whose request (or the part of it that holds the headers) is immutable: a copy of it
 * that carries the trace context, or the original when it needs none (it already has this
 * {@code traceparent}) or is not the kind of object the module copies.
 */
@FunctionalInterface
public interface HttpRequestCopier<T> {
  /**
   * @param traceparent the current span's, never null
   * @param tracestate the {@code tracestate} to send with it, or null when there is none
   */
  T withContext(T original, String traceparent, String tracestate) throws Throwable;
}
