package io.lantern.agent.operation;

import io.lantern.agent.log.Level;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;

/**
 * One unit of work an instrumentation measures (an inbound request, an outbound call, a statement,
 * an AI call): it is its span, its metrics record and, for domains that write one, its event, so an
 * operation costs this one object. An {@link Instrumenter} starts it, makes it current, ends it
 * exactly once from whatever thread and puts back what was current; the domain's listeners read
 * it at the end.
 *
 * <p>Subclasses hold what their domain reads (route, status, SQL, tokens) in plain fields written
 * before {@link Instrumenter#end} and read after it, by listeners on the ending thread and by the
 * event writer after the queue hand-off.
 */
public abstract class Operation extends LanternSpan {
  /** The span this operation replaced as current on the thread that started it, until detached. */
  private LanternSpan replacedCurrent;
  private boolean attached;

  // Written once by the caller that claimed the end, before the listeners run.
  private String errorType;

  /** True once the operation ended (later ends are ignored). */
  public boolean isEnded() {
    return isClockStopped();
  }

  /**
   * The {@code error_type} label of the ended operation, or null when it succeeded. (The span's
   * own status, {@link #errorType()}, may differ: a client span fails on a 4xx too.)
   */
  public final String errorTypeLabel() {
    return errorType;
  }

  /**
   * The {@code error_type} for what the operation failed with ({@code thrown}, or null), decided
   * once at the end. Domains whose failures are also statuses (a 5xx) override this.
   */
  protected String classifyError(Throwable thrown) {
    return thrown == null ? null : thrown.getClass().getName();
  }

  /** The level of its event: ERROR when it failed, else INFO. Domains with other rules override this. */
  protected Level eventLevel() {
    return errorType == null ? Level.INFO : Level.ERROR;
  }

  /** The event's level, for {@link io.lantern.agent.log.Event#level()}: derived, so no field per operation. */
  public final Level level() {
    return eventLevel();
  }

  /** When it ended, for {@link io.lantern.agent.log.Event#epochMicros()}. */
  public final long epochMicros() {
    return endEpochNanos() / 1_000;
  }

  /** The operation is its event's span, for {@link io.lantern.agent.log.Event#span()}. */
  public final LanternSpan span() {
    return this;
  }

  /** True for exactly one caller, which then owns the outcome fields: an operation ends once however many ways it ends. */
  final boolean claimEnd() {
    return stopClockOnce();
  }

  final void classify(Throwable thrown) {
    errorType = classifyError(thrown);
  }

  /**
   * Makes this operation current on this thread, remembering what it replaces: at start, or again
   * on a thread that continues its work (a reactive stream), paired there with {@link #detach()}.
   */
  protected void attach() {
    replacedCurrent = Tracing.makeCurrent(this);
    attached = true;
  }

  /** Whether {@link #attach()} ran on some thread without its {@link #detach()} yet. */
  protected final boolean isAttached() {
    return attached;
  }

  /** On the thread that attached it: puts back what was current. Elsewhere, or twice, a no-op. */
  protected void detach() {
    if (attached) {
      attached = false;
      Tracing.restore(replacedCurrent);
      replacedCurrent = null;
    }
  }
}
