package io.lantern.instrumentation.methods;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Consumer;

/**
 * {@code doOnError(Consumer)} and {@code doFinally(Consumer)} of the application's copy of
 * reactor-core's {@code Mono} or {@code Flux}, resolved once per such class to method handles with
 * java.base signatures (the agent is not compiled against Reactor). Each returns a new publisher
 * over the method's own that passes every signal on unchanged.
 */
final class ReactorResults {
  static final String MONO = "reactor.core.publisher.Mono";
  static final String FLUX = "reactor.core.publisher.Flux";
  private static final MethodType WITH_CONSUMER = MethodType.methodType(Object.class, Object.class, Consumer.class);
  /** Stands for "not Reactor" (a ClassValue holds no null). */
  private static final ReactorResults NONE = new ReactorResults(null, null);

  private static final ClassValue<ReactorResults> BY_PUBLISHER_CLASS = new ClassValue<ReactorResults>() {
    @Override
    protected ReactorResults computeValue(Class<?> publisher) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new ReactorResults(
            lookup.findVirtual(publisher, "doOnError", MethodType.methodType(publisher, Consumer.class)).asType(WITH_CONSUMER),
            lookup.findVirtual(publisher, "doFinally", MethodType.methodType(publisher, Consumer.class)).asType(WITH_CONSUMER));
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        return NONE;
      }
    }
  };

  /** Per concrete class: the handles of the {@code Mono} or {@code Flux} it extends. */
  private static final ClassValue<ReactorResults> BY_CLASS = new ClassValue<ReactorResults>() {
    @Override
    protected ReactorResults computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (c.getName().equals(MONO) || c.getName().equals(FLUX)) {
          return BY_PUBLISHER_CLASS.get(c);
        }
      }
      return NONE;
    }
  };

  private final MethodHandle doOnError;
  private final MethodHandle doFinally;

  private ReactorResults(MethodHandle doOnError, MethodHandle doFinally) {
    this.doOnError = doOnError;
    this.doFinally = doFinally;
  }

  /** The handles for this result's {@code Mono}/{@code Flux}, or null when it is neither. */
  static ReactorResults of(Object result) {
    ReactorResults found = BY_CLASS.get(result.getClass());
    return found == NONE ? null : found;
  }

  /** {@code result.doOnError(onError).doFinally(onFinally)}. */
  Object observe(Object result, Consumer<Object> onError, Consumer<Object> onFinally) throws Throwable {
    Object observed = (Object) doOnError.invokeExact(result, (Consumer<?>) onError);
    return (Object) doFinally.invokeExact(observed, (Consumer<?>) onFinally);
  }
}
