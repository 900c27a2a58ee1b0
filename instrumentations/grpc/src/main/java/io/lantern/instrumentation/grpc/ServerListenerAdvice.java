package io.lantern.instrumentation.grpc;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ServerCallImpl$ServerStreamListenerImpl}'s {@code messagesAvailable},
 * {@code halfClosed}, {@code onReady} and {@code closed(Status)}: the application's listener
 * callbacks, on grpc's executor; hands off only.
 */
public final class ServerListenerAdvice {
  private ServerListenerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object listener, @Advice.Origin("#m") String method,
      @Advice.Argument(value = 0, optional = true) Object argument) {
    // the method name is a constant here: no array, no allocation per callback
    return Hooks.enter(module, GrpcTracker.SERVER_LISTENER, listener, "closed".equals(method) ? argument : null, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
    Hooks.exit(module, GrpcTracker.SERVER_LISTENER, state, null, null, thrown);
  }
}
