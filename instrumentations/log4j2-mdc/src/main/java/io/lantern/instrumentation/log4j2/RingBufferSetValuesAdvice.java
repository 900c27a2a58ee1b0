package io.lantern.instrumentation.log4j2;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into log4j-core's {@code RingBufferLogEvent.setValues(...)}, which an {@code AsyncLogger}
 * calls on the logging thread when it puts a record into its ring buffer (capture on only): the
 * record is captured there, with the logging thread's span, and not again when the background
 * thread hands it to the appenders.
 */
public final class RingBufferSetValuesAdvice {
  private RingBufferSetValuesAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.This Object event) {
    Hooks.exit(module, Log4j2ContextTracker.RING_BUFFER_SET_VALUES, null, event, null, null);
  }
}
