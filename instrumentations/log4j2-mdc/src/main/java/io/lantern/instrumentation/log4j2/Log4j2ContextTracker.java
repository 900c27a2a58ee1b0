package io.lantern.instrumentation.log4j2;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.trace.LogCorrelation;
import io.lantern.bootstrap.Hooks;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Adds {@code trace_id}, {@code span_id} and {@code trace_flags} to a log4j2 event's context data
 * while a span is current. log4j's classes are the application's, so they are reached through
 * method handles resolved once per class loader (log4j-api's {@code StringMap} interface and
 * {@code SortedArrayStringMap}), never linked against.
 *
 * <p>The event's own mutable map (the {@code reusable} one it passed in) gets the keys put into
 * it; any other map (the thread context's frozen copy-on-write map, which log4j shares) is copied
 * first. Keys the application put there itself win.
 */
final class Log4j2ContextTracker implements Hooks.Handler {
  static final String INSTRUMENTATION = "log4j2-mdc";
  /**
   * Exit of {@code injectContextData(properties, reusable)}: state the {@code reusable} map the event
   * passed in, returned the context data the injector produced, replaced by the one with the ids.
   */
  static final int INJECT_CONTEXT_DATA = 0;
  /** Capture on: {@code LoggerConfig.log(event, predicate)}, enter (argument the event, detail the predicate) and exit. */
  static final int CONFIG_LOG = 1;
  /** Capture on: enter of {@code LoggerConfig.processLogEvent(event, predicate)}, argument the event. */
  static final int PROCESS_LOG_EVENT = 2;
  /** Capture on: exit of {@code RingBufferLogEvent.setValues(...)}, self the event. */
  static final int RING_BUFFER_SET_VALUES = 3;
  private static final String STRING_MAP = "org.apache.logging.log4j.util.StringMap";
  private static final String READ_ONLY_STRING_MAP = "org.apache.logging.log4j.util.ReadOnlyStringMap";
  private static final String SORTED_ARRAY_STRING_MAP = "org.apache.logging.log4j.util.SortedArrayStringMap";

  private final InstrumentationErrors errors;
  private final ClassValue<Api> apis = new ClassValue<Api>() {
    @Override
    protected Api computeValue(Class<?> type) {
      return Api.of(type.getClassLoader());
    }
  };

  private final Log4j2LogCapture capture;

  Log4j2ContextTracker(InstrumentationErrors errors, Log4j2LogCapture capture) {
    this.errors = errors;
    this.capture = capture;
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    if (capture != null) {
      if (site == CONFIG_LOG) {
        capture.logEntered(argument, detail);
      } else if (site == PROCESS_LOG_EVENT) {
        capture.processing(argument);
      }
    }
    return null;
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    if (site != INJECT_CONTEXT_DATA) {
      if (capture != null) {
        if (site == CONFIG_LOG) {
          capture.logExited();
        } else if (site == RING_BUFFER_SET_VALUES) {
          capture.capture(self);
        }
      }
      return returned;
    }
    return returned == null ? null : withTrace(returned, state);
  }

  /**
   * The context data an injector produced ({@code StringMap}), with the current span's ids added;
   * {@code injected} itself when no span is current. {@code reusable} is the map the event passed in.
   */
  private Object withTrace(Object injected, Object reusable) {
    try {
      String[] values = LogCorrelation.currentValues();
      if (values == null) {
        return injected;
      }
      Api api = apis.get(injected.getClass());
      if ((boolean) api.containsKey.invoke(injected, LogCorrelation.KEYS[0])) {
        return injected;
      }
      Object target = injected;
      if (injected != reusable || (boolean) api.isFrozen.invoke(injected)) {
        target = api.copy.invoke(injected);
      }
      for (int i = 0; i < values.length; i++) {
        if (!(boolean) api.containsKey.invoke(target, LogCorrelation.KEYS[i])) {
          api.putValue.invoke(target, LogCorrelation.KEYS[i], (Object) values[i]);
        }
      }
      return target;
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return injected;
    }
  }

  /** log4j-api's StringMap as seen from one class loader. */
  static final class Api {
    final MethodHandle containsKey;
    final MethodHandle isFrozen;
    final MethodHandle putValue;
    final MethodHandle copy;

    private Api(MethodHandle containsKey, MethodHandle isFrozen, MethodHandle putValue, MethodHandle copy) {
      this.containsKey = containsKey;
      this.isFrozen = isFrozen;
      this.putValue = putValue;
      this.copy = copy;
    }

    static Api of(ClassLoader loader) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> stringMap = Class.forName(STRING_MAP, false, loader);
        Class<?> readOnly = Class.forName(READ_ONLY_STRING_MAP, false, loader);
        Class<?> sorted = Class.forName(SORTED_ARRAY_STRING_MAP, false, loader);
        return new Api(
            lookup.findVirtual(readOnly, "containsKey", MethodType.methodType(boolean.class, String.class))
                .asType(MethodType.methodType(boolean.class, Object.class, String.class)),
            lookup.findVirtual(stringMap, "isFrozen", MethodType.methodType(boolean.class))
                .asType(MethodType.methodType(boolean.class, Object.class)),
            lookup.findVirtual(stringMap, "putValue", MethodType.methodType(void.class, String.class, Object.class))
                .asType(MethodType.methodType(void.class, Object.class, String.class, Object.class)),
            lookup.findConstructor(sorted, MethodType.methodType(void.class, readOnly))
                .asType(MethodType.methodType(Object.class, Object.class)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("log4j-api's StringMap is not usable from " + loader, e);
      }
    }
  }
}
