package io.lantern.agent.instrumentation;

/**
 * How deep this thread is in calls of one kind (filters, servlets, handlers nest on one thread),
 * so that only the outermost call records. Every {@link #enter()} must be paired with one
 * {@link #exit()}, which the advice's exit guarantees.
 */
public final class CallDepth {
  /** Hook state of a call that records nothing (nested, or not a request of its own). */
  public static final Object NOT_RECORDING = new Object();

  private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

  /** Counts one call in; true when it is the outermost. */
  public boolean enter() {
    return depth.get()[0]++ == 0;
  }

  public void exit() {
    depth.get()[0]--;
  }

  /** True while this thread is inside at least one call. */
  public boolean inside() {
    return depth.get()[0] > 0;
  }
}
