package io.lantern.instrumentation.grpc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ServerImpl$ServerTransportListenerImpl.startWrappedCall(name, params,
 * headers)}, which runs the handler's {@code startCall} (a streaming method's application code);
 * hands off only.
 */
public final class StartCallAdvice {
  private StartCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.Argument(1) Object params) {
    return Hooks.enter(module, GrpcTracker.SERVER_HANDLER_START, null, params, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, GrpcTracker.SERVER_HANDLER_START, state, null, null, thrown);
  }
}
