package io.lantern.instrumentation.methods;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.agent.method.MethodCall;
import io.lantern.agent.method.MethodRecorder;
import io.lantern.bootstrap.Hooks;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The methods module's handler. A woven method's first call resolves its {@link MethodSite} (by
 * its class and the name-and-descriptor constant the advice passes), cached per class in a
 * {@link ClassValue} (no class loader kept alive); every call then costs a lookup, the nesting
 * check and one {@link MethodCall}. The outermost call of a label on a thread is measured; one
 * nested in it (recursion, an overload delegating to another) only counts its depth.
 */
final class MethodTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "methods";
  /** Enter of any measured method: self its class, argument its name and descriptor. */
  static final int CALL = 0;
  /** Exit of a method whose result is not asynchronous. */
  static final int RETURNED = 1;
  /** Exit of a method declared to return a future or a Reactor publisher: returns what the caller gets. */
  static final int RESULT = 2;

  private final MethodRecorder recorder;
  private final InstrumentationErrors errors;
  /** Whether {@code @WithSpan} names the methods it annotates (else they are named as configured ones). */
  private final boolean withSpan;
  /** One depth per label, shared by the sites of that label (overloads; the same class in two loaders). */
  private final ConcurrentHashMap<String, CallDepth> depths = new ConcurrentHashMap<>();
  private final ClassValue<ConcurrentHashMap<String, MethodSite>> sites =
      new ClassValue<ConcurrentHashMap<String, MethodSite>>() {
        @Override
        protected ConcurrentHashMap<String, MethodSite> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  MethodTracker(MethodRecorder recorder, InstrumentationErrors errors, boolean withSpan) {
    this.recorder = recorder;
    this.errors = errors;
    this.withSpan = withSpan;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    try {
      Class<?> type = (Class<?>) self;
      String method = (String) argument;
      ConcurrentHashMap<String, MethodSite> ofType = sites.get(type);
      MethodSite found = ofType.get(method);
      if (found == null) {
        found = ofType.computeIfAbsent(method, m -> resolve(type, m));
      }
      if (!found.depth.enter()) {
        return found;
      }
      try {
        return recorder.start(new MethodCall(found.label, found.functionName, found), found.kind, found.spanName);
      } catch (Throwable t) {
        found.depth.exit();
        throw t;
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (state instanceof MethodSite) {
      ((MethodSite) state).depth.exit();
      return returned;
    }
    if (!(state instanceof MethodCall)) {
      return returned;
    }
    MethodCall call = (MethodCall) state;
    try {
      ((MethodSite) call.site()).depth.exit();
      if (site == RESULT && thrown == null && returned != null) {
        return async(call, returned);
      }
      recorder.end(call, thrown);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    }
    return returned;
  }

  /** Ends the call when its result completes; returns what the caller gets. */
  private Object async(MethodCall call, Object returned) {
    if (returned instanceof CompletionStage) {
      recorder.detach(call);
      try {
        // The stage whenComplete makes is dropped: the caller keeps the method's own future.
        ((CompletionStage<?>) returned).whenComplete((value, failure) -> recorder.complete(call, unwrap(failure)));
      } catch (Throwable t) {
        recorder.complete(call, null); // a stage that refuses dependents: the call ends at its return
        errors.report(INSTRUMENTATION, t);
      }
      return returned;
    }
    ReactorResults reactor = ReactorResults.of(returned);
    if (reactor == null) {
      recorder.end(call, null);
      return returned;
    }
    recorder.detach(call);
    Throwable[] failed = new Throwable[1];
    try {
      Consumer<Object> onError = failure -> failed[0] = (Throwable) failure;
      Consumer<Object> onFinally = signal -> recorder.complete(call, failed[0]);
      return reactor.observe(returned, onError, onFinally);
    } catch (Throwable t) {
      recorder.complete(call, null);
      errors.report(INSTRUMENTATION, t);
      return returned;
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  /** What the method is called: its {@code @WithSpan}'s name when it has one, else {@code com.acme.Trader.decide}. */
  private MethodSite resolve(Class<?> type, String method) {
    String name = MethodSite.methodName(method);
    String functionName = type.getName() + "." + name;
    String spanName = MethodSite.simpleName(type.getName()) + "." + name;
    String label = functionName;
    String kind = null;
    if (withSpan) {
      String[] annotation = null;
      try {
        annotation = MethodSite.withSpan(type, method);
      } catch (Throwable t) {
        errors.report(INSTRUMENTATION, t);
      }
      if (annotation != null) {
        if (annotation[0] != null && !annotation[0].isEmpty()) {
          spanName = annotation[0];
          label = annotation[0];
        }
        kind = annotation[1];
      }
    }
    CallDepth depth = depths.computeIfAbsent(label, l -> new CallDepth());
    return new MethodSite(label, functionName, spanName, MethodSite.kind(kind), depth);
  }
}
