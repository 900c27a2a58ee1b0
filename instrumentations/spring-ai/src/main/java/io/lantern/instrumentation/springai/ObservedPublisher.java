package io.lantern.instrumentation.springai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.util.ForwardingProxy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Consumer;

/**
 * The {@code org.reactivestreams.Publisher} (a proxy, see {@link ForwardingProxy}) behind the flux
 * {@code StreamingChatModel.stream(Prompt)} hands out: the application's flux is {@code
 * Flux.from(this)}, so each subscription comes here. A subscription is one AI call: it starts, is
 * the current span while the model's flux is subscribed (so an SDK the model calls from there,
 * openai-java under Spring AI's OpenAI module, nests in it), and is observed through {@code
 * doOnNext/doOnError/doOnComplete/doOnCancel} operators on the model's flux, which is subscribed
 * exactly once per subscription, as it would have been. Every element, error and completion reaches
 * the subscriber unchanged.
 *
 * <p>The call ends, once, when the flux completes, fails or is cancelled. The first element fixes
 * the time to first chunk; each element is read for the model, usage and finish reasons.
 */
final class ObservedPublisher extends ForwardingProxy {
  private final ReactorFlux reactor;
  private final SpringAiTracker tracker;
  private final SpringAiTracker.Request request;
  private final InstrumentationErrors errors;

  ObservedPublisher(Object flux, ReactorFlux reactor, SpringAiTracker tracker, SpringAiTracker.Request request,
      InstrumentationErrors errors) {
    super(flux);
    this.reactor = reactor;
    this.tracker = tracker;
    this.request = request;
    this.errors = errors;
  }

  @Override
  protected Object call(Method method, Object[] args) throws Throwable {
    if (args == null || args.length != 1 || !method.getName().equals("subscribe")) {
      return forward(method, args);
    }
    Subscription observer = new Subscription(errors);
    Object observed;
    try {
      observed = reactor.observe(target, observer);
    } catch (Throwable t) {
      errors.report(SpringAiTracker.INSTRUMENTATION, t);
      return forward(method, args); // unmeasured rather than unsubscribed
    }
    GenAiCall call;
    try {
      call = tracker.start(request, true);
    } catch (Throwable t) {
      errors.report(SpringAiTracker.INSTRUMENTATION, t);
      return forward(method, args);
    }
    observer.call = call;
    try {
      return method.invoke(observed, args);
    } catch (InvocationTargetException e) {
      call.end(e.getCause());
      throw e.getCause();
    } finally {
      call.detach();
    }
  }

  /**
   * One subscription's observer: {@code accept} gets the elements (Spring AI {@code ChatResponse}s)
   * and, from {@code doOnError}, the error; {@code run} is completion and cancellation.
   */
  static final class Subscription implements Consumer<Object>, Runnable {
    private final InstrumentationErrors errors;
    volatile GenAiCall call;

    Subscription(InstrumentationErrors errors) {
      this.errors = errors;
    }

    @Override
    public void accept(Object signal) {
      GenAiCall current = call;
      if (current == null) {
        return;
      }
      try {
        if (signal instanceof Throwable) {
          current.end((Throwable) signal);
        } else {
          current.chunk();
          SpringAiModels.readResponse(current, signal);
        }
      } catch (Throwable t) {
        errors.report(SpringAiTracker.INSTRUMENTATION, t);
      }
    }

    @Override
    public void run() {
      GenAiCall current = call;
      if (current != null) {
        current.end(null);
      }
    }
  }
}
