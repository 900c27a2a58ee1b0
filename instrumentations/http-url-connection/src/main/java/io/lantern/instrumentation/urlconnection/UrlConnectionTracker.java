package io.lantern.instrumentation.urlconnection;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.http.ClientCall;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.urlconnection.UrlConnectionHooks;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * One recording per request on a JDK {@code HttpURLConnection}: it starts at the first of
 * {@code connect()}, {@code getOutputStream()}, {@code getInputStream()} (and so
 * {@code getResponseCode()}, which calls it) and, before the connection connects, adds
 * {@code traceparent}/{@code tracestate} as request properties; it ends when the response is
 * read ({@code getInputStream()} returns or throws) or when connecting or sending fails. Later
 * calls on the same connection ({@code getResponseCode()} after {@code getInputStream()}, a
 * second {@code getInputStream()}) find the call ended and record nothing.
 *
 * <p>{@code getInputStream()} throws for 4xx/5xx responses; those are recorded by their status
 * (the status code is the {@code error_type} of a 5xx), not as exceptions, like every other client.
 * The call per connection lives in a weak identity map, so connections are never kept alive.
 */
final class UrlConnectionTracker implements UrlConnectionHooks.Handler {
  static final String INSTRUMENTATION = "http-url-connection";

  private final HttpClientRecorder recorder;
  private final InstrumentationErrors errors;
  private final WeakIdentityMap<Object, ClientCall> calls = new WeakIdentityMap<>();

  UrlConnectionTracker(HttpClientRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
  }

  @Override
  public Object enter(Object connectionObject, int method, boolean connected) {
    boolean outermost = recorder.enter();
    try {
      HttpURLConnection connection = (HttpURLConnection) connectionObject;
      if (!outermost) {
        // Inside another client's call (a library over HttpURLConnection): the outer call records,
        // this request still carries its trace context. Calls this connection makes on itself
        // (getInputStream -> connect) are nested too, and already have it.
        if (!connected && calls.get(connection) == null) {
          inject(connection);
        }
        return CallDepth.NOT_RECORDING;
      }
      ClientCall call = calls.get(connection);
      if (call != null) {
        return call.isEnded() ? CallDepth.NOT_RECORDING : call;
      }
      if (connected) {
        return CallDepth.NOT_RECORDING; // connected before Lantern saw it: too late to add headers
      }
      URL url = connection.getURL();
      String requestMethod = connection.getRequestMethod();
      if (method == UrlConnectionHooks.OUTPUT && "GET".equals(requestMethod)) {
        requestMethod = "POST"; // what getOutputStream() turns a GET into
      }
      call = recorder.start(requestMethod, url.getHost(), url.getPort() >= 0 ? url.getPort() : url.getDefaultPort(), url);
      calls.put(connection, call);
      inject(connection);
      return call;
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return CallDepth.NOT_RECORDING;
    }
  }

  @Override
  public void exit(Object state, Object connection, int method, int responseCode, Throwable thrown) {
    recorder.exit();
    if (!(state instanceof ClientCall)) {
      return;
    }
    ClientCall call = (ClientCall) state;
    try {
      if (thrown != null) {
        if (responseCode >= 400) {
          recorder.end(call, responseCode, null); // an error response, not a failed call
        } else {
          recorder.end(call, Math.max(responseCode, 0), thrown);
        }
      } else if (method == UrlConnectionHooks.INPUT) {
        recorder.end(call, Math.max(responseCode, 0), null);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    } finally {
      recorder.detach(call); // a no-op but on the invocation that started the call
    }
  }

  private void inject(HttpURLConnection connection) {
    String traceparent = recorder.traceparent();
    if (traceparent == null) {
      return;
    }
    try {
      connection.setRequestProperty(Names.TRACEPARENT, traceparent);
      String tracestate = recorder.tracestate();
      if (tracestate != null) {
        connection.setRequestProperty(Names.TRACESTATE, tracestate);
      }
    } catch (IllegalStateException alreadyConnecting) {
      // the connection is past the point where headers can be added: it goes out without them
    }
  }
}
