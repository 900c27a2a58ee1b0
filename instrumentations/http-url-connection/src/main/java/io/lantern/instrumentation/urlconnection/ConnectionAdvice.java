package io.lantern.instrumentation.urlconnection;

import io.lantern.bootstrap.Hooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code connect()}, {@code getOutputStream()} and {@code getInputStream()} of the
 * JDK's {@code sun.net.www.protocol.http.HttpURLConnection}; hands off only. {@code connected}
 * and {@code responseCode} are the protected fields of {@code URLConnection} and
 * {@code HttpURLConnection}, passed in the site with the method (see {@link UrlConnectionTracker}),
 * so nothing is boxed; the method name is a constant in the inlined code.
 */
public final class ConnectionAdvice {
  private ConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Hooks.Module int module, @Advice.This Object connection, @Advice.Origin("#m") String method,
      @Advice.FieldValue("connected") boolean connected) {
    int site = method.equals("getInputStream") ? UrlConnectionTracker.INPUT
        : method.equals("getOutputStream") ? UrlConnectionTracker.OUTPUT : UrlConnectionTracker.CONNECT;
    return Hooks.enter(module, connected ? site | UrlConnectionTracker.CONNECTED : site, connection, null, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Hooks.Module int module, @Advice.Enter Object state, @Advice.This Object connection,
      @Advice.Origin("#m") String method, @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Thrown Throwable thrown) {
    int site = method.equals("getInputStream") ? UrlConnectionTracker.INPUT
        : method.equals("getOutputStream") ? UrlConnectionTracker.OUTPUT : UrlConnectionTracker.CONNECT;
    Hooks.exit(module, site | responseCode << UrlConnectionTracker.RESPONSE_CODE_SHIFT, state, connection, null, thrown);
  }
}
