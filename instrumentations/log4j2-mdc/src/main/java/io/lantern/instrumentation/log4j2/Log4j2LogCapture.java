package io.lantern.instrumentation.log4j2;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.applog.AppLogEvent;
import io.lantern.agent.applog.AppLogRecorder;
import io.lantern.agent.log.Level;
import io.lantern.agent.util.Accessor;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.SdkApi;
import java.util.Map;

/**
 * log4j2 records as {@code log} events, read on the logging thread through the application's
 * log4j-core. Each record is captured once:
 * <ul>
 *   <li>synchronous loggers and {@code AsyncLoggerConfig}s: at the first {@code processLogEvent}
 *       inside the outermost {@code LoggerConfig.log(event, ALL)} of the logging thread (the
 *       config's filter passed; parents reached by additivity are nested and skipped; the
 *       background thread of an async config only runs {@code processLogEvent} outside such a call);
 *   <li>{@code AsyncLogger}s: when the logging thread fills the ring buffer slot
 *       ({@code RingBufferLogEvent.setValues}); the background thread's {@code LoggerConfig.log}
 *       of a {@code RingBufferLogEvent} is skipped.
 * </ul>
 * log4j reuses its event objects, so everything is copied at capture: the formatted message, the
 * context data ({@code toMap()}), a {@code MapMessage}'s data as {@code attributes}.
 */
final class Log4j2LogCapture {
  private static final String RING_BUFFER_LOG_EVENT = "org.apache.logging.log4j.core.async.RingBufferLogEvent";
  private static final String MAP_MESSAGE = "org.apache.logging.log4j.message.MapMessage";
  static final SdkApi API = new SdkApi(Log4j2ContextTracker.INSTRUMENTATION);
  private static final SdkApi.Type EVENT = API.type("org.apache.logging.log4j.core.LogEvent");
  static final Accessor LEVEL = EVENT.accessor("getLevel");
  static final Accessor MESSAGE = EVENT.accessor("getMessage");
  static final Accessor LOGGER_NAME = EVENT.accessor("getLoggerName");
  static final Accessor THREAD_NAME = EVENT.accessor("getThreadName");
  static final Accessor CONTEXT_DATA = EVENT.accessor("getContextData");
  static final Accessor THROWN = EVENT.accessor("getThrown");
  static final Accessor FORMATTED = API.type("org.apache.logging.log4j.message.Message").accessor("getFormattedMessage");
  static final Accessor TO_MAP = API.type("org.apache.logging.log4j.util.ReadOnlyStringMap").accessor("toMap");
  static final Accessor INT_LEVEL = API.type("org.apache.logging.log4j.Level").accessor("intLevel");
  static final Accessor MAP_DATA = API.type(MAP_MESSAGE).accessor("getData");

  /** Whether a class is (a subclass of) log4j's {@code MapMessage}, by name: any loader's copy. */
  private static final ClassValue<Boolean> IS_MAP_MESSAGE = new ClassValue<Boolean>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        if (c.getName().equals(MAP_MESSAGE)) {
          return true;
        }
      }
      return false;
    }
  };

  private final AppLogRecorder recorder;
  private final InstrumentationErrors errors;
  /** [0] depth of {@code LoggerConfig.log} calls on this thread, [1] 1 while the outermost one may still capture. */
  private final ThreadLocal<int[]> state = ThreadLocal.withInitial(() -> new int[2]);

  Log4j2LogCapture(AppLogRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
    API.reportTo(errors);
  }

  boolean enabled() {
    return recorder.enabled();
  }

  /** Enter of {@code LoggerConfig.log(event, predicate)}. */
  void logEntered(Object event, Object predicate) {
    int[] s = state.get();
    if (s[0]++ == 0) {
      s[1] = predicate != null && "ALL".equals(predicate.toString()) && event != null
          && !RING_BUFFER_LOG_EVENT.equals(event.getClass().getName()) ? 1 : 0;
    }
  }

  /** Exit of {@code LoggerConfig.log(event, predicate)}. */
  void logExited() {
    int[] s = state.get();
    if (--s[0] <= 0) {
      s[0] = 0;
      s[1] = 0;
    }
  }

  /** Enter of {@code processLogEvent(event, predicate)}: the first inside an armed outermost call captures. */
  void processing(Object event) {
    int[] s = state.get();
    if (s[1] == 1) {
      s[1] = 0;
      capture(event);
    }
  }

  void capture(Object event) {
    try {
      Object levelObject = Getters.get(event, LEVEL);
      Level level = level(levelObject);
      if (!recorder.wants(level)) {
        return;
      }
      Object message = Getters.get(event, MESSAGE);
      Object thrown = Getters.get(event, THROWN);
      AppLogEvent record = recorder.start(level, Getters.string(event, LOGGER_NAME), Getters.string(event, THREAD_NAME),
          message == null ? null : Getters.string(message, FORMATTED), thrown instanceof Throwable ? (Throwable) thrown : null);
      Object contextData = Getters.get(event, CONTEXT_DATA);
      Object copy = contextData == null ? null : Getters.get(contextData, TO_MAP);
      if (copy instanceof Map) {
        @SuppressWarnings("unchecked")
        Map<String, ?> snapshot = (Map<String, ?>) copy;
        record.mdc(snapshot);
      }
      if (message != null && IS_MAP_MESSAGE.get(message.getClass())) {
        Object data = Getters.get(message, MAP_DATA);
        if (data instanceof Map) {
          for (Map.Entry<?, ?> e : ((Map<?, ?>) data).entrySet()) {
            record.attribute(e.getKey() == null ? null : e.getKey().toString(), e.getValue());
          }
        }
      }
      recorder.emit(record);
    } catch (Throwable t) {
      errors.report(Log4j2ContextTracker.INSTRUMENTATION, t);
    }
  }

  /** A log4j2 {@code Level}: the standard ones by name, custom ones by {@code intLevel()}. */
  private static Level level(Object level) {
    String name = level == null ? "INFO" : level.toString();
    switch (name) {
      case "FATAL":
      case "ERROR":
        return Level.ERROR;
      case "WARN":
        return Level.WARN;
      case "INFO":
        return Level.INFO;
      case "DEBUG":
        return Level.DEBUG;
      case "TRACE":
        return Level.TRACE;
      default:
        long value = Getters.number(level, INT_LEVEL);
        return value < 0 ? Level.INFO : AppLogRecorder.fromLog4j((int) value);
    }
  }
}
