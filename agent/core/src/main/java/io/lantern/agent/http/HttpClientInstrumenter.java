package io.lantern.agent.http;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.instrumentation.CallDepth;

/**
 * One client module's recording flow, the same for every library: the module's handler passes the
 * library's objects as its advice hands them over, and reads nothing but them through its
 * {@link HttpClientGetter}. Every method is called from the application's threads and never throws:
 * what fails inside is reported under the module's name and the application's call goes on.
 *
 * <p>The hook state a call passes from {@link #enter} to {@link #exit} is the {@link ClientCall}, or
 * {@link CallDepth#NOT_RECORDING} for a nested call; {@code null} means the enter hook did not run
 * (its advice failed before it), so the exit does nothing, not even leave the nesting depth.
 * Nothing here allocates but the call itself, and the {@code traceparent} it sends.
 */
public final class HttpClientInstrumenter<REQ, RESP> {
  private final HttpClientRecorder recorder;
  private final InstrumentationErrors errors;
  private final String instrumentation;
  private final HttpClientGetter<REQ, RESP> getter;
  private final HttpClientRecorder.StatusReader status;

  @SuppressWarnings("unchecked")
  HttpClientInstrumenter(HttpClientRecorder recorder, InstrumentationErrors errors, String instrumentation,
      HttpClientGetter<REQ, RESP> getter) {
    this.recorder = recorder;
    this.errors = errors;
    this.instrumentation = instrumentation;
    this.getter = getter;
    this.status = response -> getter.statusCode((RESP) response);
  }

  /** {@link #enter(Object, Object, Object)} for a call that runs where it was asked for, its request all there is to read. */
  public Object enter(REQ request) {
    return enter(request, null, null);
  }

  /**
   * Enter of the method a call runs in: counts it in on this thread and, when no other client call is
   * in progress here, starts the call from what the getter reads; its span is current on this thread
   * until {@link #exit}. Must be paired with {@link #exit} or {@link #exitPending} whatever it returns.
   *
   * @param target where the call goes when the library passes that apart from the request, else null
   * @param parent for a call running on another thread than the one that asked for it, what
   *     {@link HttpClientRecorder#captureContext()} returned there (its span is the parent); else null
   * @return the hook state: the call, or {@link CallDepth#NOT_RECORDING}
   */
  public Object enter(REQ request, Object target, Object parent) {
    if (!recorder.enter()) {
      return CallDepth.NOT_RECORDING;
    }
    ClientCall call;
    try {
      call = recorder.start(getter.method(request), getter.serverAddress(request, target),
          getter.serverPort(request, target), null, parent);
    } catch (Throwable t) {
      errors.report(instrumentation, t);
      return CallDepth.NOT_RECORDING;
    }
    try {
      if (call.isRecording()) {
        recorder.setUrl(call, getter.url(request)); // read only for a recorded span: a URL may be built to answer
      }
    } catch (Throwable t) {
      errors.report(instrumentation, t); // the call is started and current: it still ends at the exit
    }
    return call;
  }

  /**
   * Exit of a method whose call ends with it (a synchronous send): pairs with {@link #enter} and,
   * when {@code state} is the call it started, records it with the response's status (0 when there
   * is no response) and what was thrown, and makes the span current before it current again.
   */
  public void exit(Object state, RESP response, Throwable thrown) {
    if (state != null) {
      recorder.exitAndEnd(instrumentation, state, response, status, thrown);
    }
  }

  /**
   * Exit of a method that returns before its call ends (an async send): pairs with {@link #enter}
   * and stops the call being current here; the call goes on, to be ended by {@link #complete}.
   *
   * @return the call, or null when {@code state} is none (nested, or nothing started)
   */
  public ClientCall exitPending(Object state) {
    if (state == null) {
      return null;
    }
    recorder.exit();
    if (!(state instanceof ClientCall)) {
      return null;
    }
    ClientCall call = (ClientCall) state;
    recorder.detach(call);
    return call;
  }

  /**
   * Ends a call {@link #exitPending} left in flight, once, on whichever thread its outcome arrives.
   *
   * @param response the response, or null when there is none
   * @param failure what the call failed with as an async client reports it (wrapped in a
   *     {@code CompletionException} or {@code ExecutionException}, which are taken off), or null
   */
  public void complete(ClientCall call, RESP response, Throwable failure) {
    recorder.end(instrumentation, call, response, status, failure == null ? null : HttpClientRecorder.unwrapAsync(failure));
  }

  /**
   * Sets {@code traceparent} (and {@code tracestate}) of the current span on a request the library
   * lets a module change: the call's own span inside {@link #enter}, the outer call's for a nested one.
   * Nothing when no span is current.
   */
  public <C> void inject(HttpHeaderSetter<C> setter, C carrier) {
    try {
      recorder.inject(setter, carrier);
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
  }

  /**
   * For a request the library does not let a module change: while a client call is in progress on
   * this thread and a span is current, what {@code copier} makes of {@code original} with the trace
   * context; else, or when copying fails, {@code original} itself.
   */
  public <T> T withContext(T original, HttpRequestCopier<T> copier) {
    if (original == null || !recorder.inCall()) {
      return original;
    }
    try {
      String traceparent = recorder.traceparent();
      return traceparent == null ? original : copier.withContext(original, traceparent, recorder.tracestate());
    } catch (Throwable t) {
      errors.report(instrumentation, t);
      return original;
    }
  }
}
