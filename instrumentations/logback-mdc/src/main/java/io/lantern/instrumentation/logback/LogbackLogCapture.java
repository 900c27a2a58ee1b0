package io.lantern.instrumentation.logback;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.applog.AppLogEvent;
import io.lantern.agent.applog.AppLogRecorder;
import io.lantern.agent.log.Level;
import io.lantern.agent.util.Accessor;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.SdkApi;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

/**
 * One logback record ({@code ILoggingEvent}) as a {@code log} event, read on the logging thread
 * through the application's own logback (never linked against: names are built at run time, as
 * the agent's packaging relocates logback's package in string constants).
 *
 * <p>The MDC is the event's own copy (logback's snapshot, with the trace ids the MDC hook added,
 * which the {@code log} event does not repeat); slf4j 2 key-values ({@code addKeyValue}, logback
 * 1.3+) become {@code attributes}, absent without a word on 1.2.
 */
final class LogbackLogCapture {
  private static final String SPI = String.join(".", "ch", "qos", "logback", "classic", "spi") + ".";
  static final SdkApi API = new SdkApi(LogbackMdcTracker.INSTRUMENTATION);
  private static final SdkApi.Type EVENT = API.type(SPI + "ILoggingEvent");
  static final Accessor LEVEL = EVENT.accessor("getLevel");
  static final Accessor MESSAGE = EVENT.accessor("getFormattedMessage");
  static final Accessor LOGGER_NAME = EVENT.accessor("getLoggerName");
  static final Accessor THREAD_NAME = EVENT.accessor("getThreadName");
  static final Accessor MDC = EVENT.accessor("getMDCPropertyMap");
  static final Accessor THROWABLE_PROXY = EVENT.accessor("getThrowableProxy");
  static final Accessor THROWABLE = API.type(SPI + "ThrowableProxy").accessor("getThrowable");
  /** Declared apart and never reported: logback 1.2 has no key-values. */
  static final SdkApi OPTIONAL = new SdkApi(LogbackMdcTracker.INSTRUMENTATION);
  static final Accessor KEY_VALUE_PAIRS = OPTIONAL.type(SPI + "ILoggingEvent").accessor("getKeyValuePairs");

  /** {@code org.slf4j.event.KeyValuePair}'s public fields {@code key} and {@code value}, per class. */
  private static final ClassValue<MethodHandle[]> PAIR_FIELDS = new ClassValue<MethodHandle[]>() {
    @Override
    protected MethodHandle[] computeValue(Class<?> type) {
      try {
        Field key = type.getField("key");
        Field value = type.getField("value");
        MethodType getter = MethodType.methodType(Object.class, Object.class);
        return new MethodHandle[] {
            MethodHandles.publicLookup().unreflectGetter(key).asType(getter),
            MethodHandles.publicLookup().unreflectGetter(value).asType(getter)};
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  };

  private final AppLogRecorder recorder;
  private final InstrumentationErrors errors;

  LogbackLogCapture(AppLogRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
    API.reportTo(errors);
  }

  boolean enabled() {
    return recorder.enabled();
  }

  void capture(Object event) {
    try {
      Level level = level(Getters.get(event, LEVEL));
      if (!recorder.wants(level)) {
        return;
      }
      Object proxy = Getters.get(event, THROWABLE_PROXY);
      Object thrown = proxy == null ? null : Getters.get(proxy, THROWABLE);
      AppLogEvent record = recorder.start(level, Getters.string(event, LOGGER_NAME), Getters.string(event, THREAD_NAME),
          Getters.string(event, MESSAGE), thrown instanceof Throwable ? (Throwable) thrown : null);
      Object mdc = Getters.get(event, MDC);
      if (mdc instanceof Map) {
        @SuppressWarnings("unchecked")
        Map<String, ?> snapshot = (Map<String, ?>) mdc;
        record.mdc(snapshot);
      }
      Object pairs = Getters.get(event, KEY_VALUE_PAIRS);
      if (pairs instanceof List) {
        for (Object pair : (List<?>) pairs) {
          MethodHandle[] fields = pair == null ? null : PAIR_FIELDS.get(pair.getClass());
          if (fields != null) {
            Object key = fields[0].invokeExact(pair);
            record.attribute(key == null ? null : key.toString(), (Object) fields[1].invokeExact(pair));
          }
        }
      }
      recorder.emit(record);
    } catch (Throwable t) {
      errors.report(LogbackMdcTracker.INSTRUMENTATION, t);
    }
  }

  /** logback's {@code Level}, by its text ({@code toString()} is the level's name; unknown as INFO). */
  static Level level(Object level) {
    String name = level == null ? "" : level.toString();
    switch (name) {
      case "ERROR":
        return Level.ERROR;
      case "WARN":
        return Level.WARN;
      case "DEBUG":
        return Level.DEBUG;
      case "TRACE":
        return Level.TRACE;
      default:
        return Level.INFO;
    }
  }
}
