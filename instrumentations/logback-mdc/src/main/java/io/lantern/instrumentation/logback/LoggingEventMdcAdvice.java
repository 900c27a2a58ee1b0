package io.lantern.instrumentation.logback;

import io.lantern.bootstrap.Hooks;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into logback's {@code LoggingEvent.getMDCPropertyMap()}. The first call reads the
 * logging thread's MDC into the event (logback makes it on that thread: appenders run there, and
 * an {@code AsyncAppender} calls {@code prepareForDeferredProcessing()} before queueing); that is
 * when the current span's ids are added, and the event keeps the result, so that later calls on
 * any thread see the ids of the thread that logged.
 */
public final class LoggingEventMdcAdvice {
  private LoggingEventMdcAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean enter(@Advice.FieldValue("mdcPropertyMap") Map<String, String> map) {
    return map == null;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unchecked")
  public static void exit(@Hooks.Module int module, @Advice.Enter boolean first,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Map<String, String> returned,
      @Advice.FieldValue(value = "mdcPropertyMap", readOnly = false) Map<String, String> field) {
    if (first) {
      Map<String, String> withTrace =
          (Map<String, String>) Hooks.exit(module, LogbackMdcTracker.MDC_PROPERTY_MAP, null, null, returned, null);
      if (withTrace != returned) {
        field = withTrace;
        returned = withTrace;
      }
    }
  }
}
