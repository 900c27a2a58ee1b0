package io.lantern.instrumentation.log4j2;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into log4j-core's {@code ContextDataInjector.injectContextData(properties, reusable)}, which
 * log4j calls on the logging thread to fill each event's context data (also for async loggers and
 * async appenders, which copy the event afterwards).
 */
public final class InjectContextDataAdvice {
  private InjectContextDataAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Argument(1) Object reusable,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object injected) {
    injected = Hooks.exit(module, Log4j2ContextTracker.INJECT_CONTEXT_DATA, reusable, null, injected, null);
  }
}
