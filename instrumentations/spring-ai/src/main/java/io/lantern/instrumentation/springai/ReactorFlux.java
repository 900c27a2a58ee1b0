package io.lantern.instrumentation.springai;

import io.lantern.agent.util.ForwardingProxy;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Consumer;

/**
 * The few {@code reactor.core.publisher.Flux} methods the agent calls on an application's flux,
 * resolved once per copy of reactor-core (per {@code Flux} class) to method handles whose
 * signatures use only java.base types: {@code Flux.from(Publisher)}, {@code doOnNext(Consumer)},
 * {@code doOnError(Consumer)}, {@code doOnComplete(Runnable)} and {@code doOnCancel(Runnable)}.
 * Each returns a new flux over the old one; the old one is subscribed once per subscription of
 * the new one, with every signal passed on unchanged.
 */
final class ReactorFlux {
  static final String FLUX = "reactor.core.publisher.Flux";
  static final String PUBLISHER = "org.reactivestreams.Publisher";
  private static final MethodType UNARY = MethodType.methodType(Object.class, Object.class);
  private static final MethodType WITH_CONSUMER = MethodType.methodType(Object.class, Object.class, Consumer.class);
  private static final MethodType WITH_RUNNABLE = MethodType.methodType(Object.class, Object.class, Runnable.class);
  /** Stands for "not a Flux, or a reactor-core without these methods" (a ClassValue holds no null). */
  private static final ReactorFlux NONE = new ReactorFlux(null, null, null, null, null, null);

  /** Per {@code Flux} class: its handles. */
  private static final ClassValue<ReactorFlux> BY_FLUX_CLASS = new ClassValue<ReactorFlux>() {
    @Override
    protected ReactorFlux computeValue(Class<?> flux) {
      return resolve(flux);
    }
  };

  /** Per concrete flux class: those of the {@code Flux} it extends. */
  private static final ClassValue<ReactorFlux> BY_CLASS = new ClassValue<ReactorFlux>() {
    @Override
    protected ReactorFlux computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (c.getName().equals(FLUX)) {
          return BY_FLUX_CLASS.get(c);
        }
      }
      return NONE;
    }
  };

  /** {@code org.reactivestreams.Publisher} as this reactor-core sees it. */
  final Class<?> publisher;
  private final MethodHandle from;
  private final MethodHandle doOnNext;
  private final MethodHandle doOnError;
  private final MethodHandle doOnComplete;
  private final MethodHandle doOnCancel;

  private ReactorFlux(Class<?> publisher, MethodHandle from, MethodHandle doOnNext, MethodHandle doOnError,
      MethodHandle doOnComplete, MethodHandle doOnCancel) {
    this.publisher = publisher;
    this.from = from;
    this.doOnNext = doOnNext;
    this.doOnError = doOnError;
    this.doOnComplete = doOnComplete;
    this.doOnCancel = doOnCancel;
  }

  /** The handles for the {@code Flux} this object is, or null when it is none (or they cannot be had). */
  static ReactorFlux of(Object flux) {
    ReactorFlux found = flux == null ? NONE : BY_CLASS.get(flux.getClass());
    return found == NONE ? null : found;
  }

  private static ReactorFlux resolve(Class<?> flux) {
    try {
      Class<?> publisher = ForwardingProxy.implemented(flux, PUBLISHER);
      if (publisher == null) {
        return NONE;
      }
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      return new ReactorFlux(publisher,
          lookup.findStatic(flux, "from", MethodType.methodType(flux, publisher)).asType(UNARY),
          lookup.findVirtual(flux, "doOnNext", MethodType.methodType(flux, Consumer.class)).asType(WITH_CONSUMER),
          lookup.findVirtual(flux, "doOnError", MethodType.methodType(flux, Consumer.class)).asType(WITH_CONSUMER),
          lookup.findVirtual(flux, "doOnComplete", MethodType.methodType(flux, Runnable.class)).asType(WITH_RUNNABLE),
          lookup.findVirtual(flux, "doOnCancel", MethodType.methodType(flux, Runnable.class)).asType(WITH_RUNNABLE));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return NONE;
    }
  }

  /** {@code Flux.from(publisher)}: a flux whose subscriptions go to {@code publisher}. */
  Object from(Object publisher) throws Throwable {
    return (Object) from.invokeExact(publisher);
  }

  /**
   * {@code flux.doOnNext(observer).doOnError(observer).doOnComplete(observer).doOnCancel(observer)}:
   * the observer sees each element, the error, and the end (completion or cancellation).
   */
  <T extends Consumer<Object> & Runnable> Object observe(Object flux, T observer) throws Throwable {
    Object observed = (Object) doOnNext.invokeExact(flux, (Consumer<?>) observer);
    observed = (Object) doOnError.invokeExact(observed, (Consumer<?>) observer);
    observed = (Object) doOnComplete.invokeExact(observed, (Runnable) observer);
    return (Object) doOnCancel.invokeExact(observed, (Runnable) observer);
  }
}
