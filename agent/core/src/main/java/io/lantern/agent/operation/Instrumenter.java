package io.lantern.agent.operation;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle every operation of one domain goes through, whatever the library: start its span
 * (a child of the current span, of a captured parent, or of an inbound {@code traceparent}), make
 * it current on the starting thread, end it exactly once from any thread, put back what was
 * current. What ending means (metrics, span attributes, the event, per-request aggregates) is the
 * domain's list of {@link OperationListener}s, run in order.
 *
 * <p>Unlike OpenTelemetry's {@code Instrumenter}, the operation object is the span, the metrics
 * record and the event: starting one allocates nothing else (no {@code Context}, no {@code Scope}).
 */
public final class Instrumenter<O extends Operation> {
  private final String domain;
  private final Tracing tracing;
  private final InstrumentationErrors errors;
  private final OperationListener<? super O>[] listeners;

  private Instrumenter(String domain, Tracing tracing, InstrumentationErrors errors, List<OperationListener<? super O>> listeners) {
    this.domain = domain;
    this.tracing = tracing;
    this.errors = errors;
    @SuppressWarnings("unchecked")
    OperationListener<? super O>[] array = listeners.toArray(new OperationListener[0]);
    this.listeners = array;
  }

  /**
   * @param domain names the domain in {@code lantern_instrumentation_errors_total} when a listener fails
   */
  public static <O extends Operation> Builder<O> builder(String domain, Tracing tracing, InstrumentationErrors errors) {
    return new Builder<>(domain, tracing, errors);
  }

  /** Starts {@code operation} as a child of the current span (or a new trace's root) and makes it current. */
  public O start(O operation, LanternSpan.Kind kind, String name) {
    tracing.startSpan(operation, kind, name);
    return started(operation);
  }

  /**
   * Starts {@code operation} as a child of {@code parent}, a span captured on another thread (an
   * enqueued call), or of the current span when {@code parent} is null.
   */
  public O startChildOf(LanternSpan parent, O operation, LanternSpan.Kind kind, String name) {
    if (parent == null) {
      return start(operation, kind, name);
    }
    LanternSpan replaced = Tracing.makeCurrent(parent);
    try {
      tracing.startSpan(operation, kind, name);
    } finally {
      Tracing.restore(replaced);
    }
    return started(operation);
  }

  /** Starts {@code operation} as a server span continuing the inbound context (or a new trace) and makes it current. */
  public O startServer(O operation, String name, String traceparent, String tracestate) {
    tracing.startServerSpan(operation, name, traceparent, tracestate);
    return started(operation);
  }

  /**
   * Ends the operation once: later calls, from any thread, do nothing and return false. Runs the
   * listeners with the operation current (so exemplars name its span), then ends the span.
   *
   * @param thrown what the operation failed with, or null (see {@link Operation#classifyError})
   */
  public boolean end(O operation, Throwable thrown) {
    if (!claimEnd(operation)) {
      return false;
    }
    completeEnd(operation, thrown);
    return true;
  }

  /**
   * The first half of {@link #end}, for domains whose outcome (status, route) is set on the
   * operation at the end: true for exactly one caller, which may then write the outcome fields and
   * must call {@link #completeEnd}. The duration is measured here.
   */
  public boolean claimEnd(O operation) {
    return operation.claimEnd();
  }

  /** The second half of {@link #end}, after a successful {@link #claimEnd}: error type, listeners, span end. */
  public void completeEnd(O operation, Throwable thrown) {
    operation.classify(thrown);
    LanternSpan replaced = Tracing.makeCurrent(operation);
    try {
      for (OperationListener<? super O> listener : listeners) {
        try {
          listener.onEnd(operation);
        } catch (Throwable t) {
          errors.report(domain, t);
        }
      }
    } finally {
      Tracing.restore(replaced);
    }
    tracing.end(operation);
  }

  /**
   * Makes a started operation current again on this thread, for a later event of its work there (a
   * request body chunk on a server's event loop), paired with {@link #detach}. A no-op while it is
   * still attached, or once it ended.
   */
  public void resume(O operation) {
    if (!operation.isAttached() && !operation.isEnded()) {
      operation.attach();
    }
  }

  /** Stops the operation being current on the thread that started it (a no-op anywhere else); it may still be in flight. */
  public void detach(O operation) {
    operation.detach();
  }

  private O started(O operation) {
    for (OperationListener<? super O> listener : listeners) {
      try {
        listener.onStart(operation);
      } catch (Throwable t) {
        errors.report(domain, t);
      }
    }
    operation.attach();
    return operation;
  }

  public static final class Builder<O extends Operation> {
    private final String domain;
    private final Tracing tracing;
    private final InstrumentationErrors errors;
    private final List<OperationListener<? super O>> listeners = new ArrayList<>();

    private Builder(String domain, Tracing tracing, InstrumentationErrors errors) {
      this.domain = domain;
      this.tracing = tracing;
      this.errors = errors;
    }

    /** Adds a listener; listeners run in the order added. */
    public Builder<O> listener(OperationListener<? super O> listener) {
      listeners.add(listener);
      return this;
    }

    public Instrumenter<O> build() {
      return new Instrumenter<>(domain, tracing, errors, listeners);
    }
  }
}
