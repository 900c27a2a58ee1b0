package io.lantern.instrumentation.urlconnection;

import io.lantern.bootstrap.urlconnection.UrlConnectionHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code connect()}, {@code getOutputStream()} and {@code getInputStream()} of the
 * JDK's {@code sun.net.www.protocol.http.HttpURLConnection}; hands off only. {@code connected}
 * and {@code responseCode} are the protected fields of {@code URLConnection} and
 * {@code HttpURLConnection}; the method name is a constant in the inlined code.
 */
public final class ConnectionAdvice {
  private ConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object connection, @Advice.Origin("#m") String method,
      @Advice.FieldValue("connected") boolean connected) {
    return UrlConnectionHooks.enter(connection, method.equals("getInputStream") ? UrlConnectionHooks.INPUT
        : method.equals("getOutputStream") ? UrlConnectionHooks.OUTPUT : UrlConnectionHooks.CONNECT, connected);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object state, @Advice.This Object connection, @Advice.Origin("#m") String method,
      @Advice.FieldValue("responseCode") int responseCode, @Advice.Thrown Throwable thrown) {
    UrlConnectionHooks.exit(state, connection, method.equals("getInputStream") ? UrlConnectionHooks.INPUT
        : method.equals("getOutputStream") ? UrlConnectionHooks.OUTPUT : UrlConnectionHooks.CONNECT, responseCode, thrown);
  }
}
