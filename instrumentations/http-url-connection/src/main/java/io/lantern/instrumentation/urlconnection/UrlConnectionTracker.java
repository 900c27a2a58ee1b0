package io.lantern.instrumentation.urlconnection;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.http.ClientCall;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.agent.http.HttpHeaderSetter;
import io.lantern.agent.instrumentation.CallDepth;
import io.lantern.agent.util.WeakIdentityMap;
import io.lantern.bootstrap.Hooks;
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
 *
 * <p>The site says which method and what the advice read of the connection's fields, so that no
 * value is boxed: its low bits are the method ({@link #CONNECT}, {@link #OUTPUT}, {@link #INPUT}); on
 * enter {@link #CONNECTED} is set when the connection is already connected; on exit the
 * {@code responseCode} field (-1 until a response is read) stands above {@link #RESPONSE_CODE_SHIFT}.
 */
final class UrlConnectionTracker implements Hooks.Handler, HttpHeaderSetter<HttpURLConnection> {
  static final String INSTRUMENTATION = "http-url-connection";
  /** {@code connect()}. */
  static final int CONNECT = 0;
  /** {@code getOutputStream()}: the request has a body. */
  static final int OUTPUT = 1;
  /** {@code getInputStream()}: reads the response (also what {@code getResponseCode()} calls). */
  static final int INPUT = 2;
  /** The bits of the site that are the method. */
  static final int METHOD = 3;
  /** Enter: the {@code connected} field was true. */
  static final int CONNECTED = 4;
  /** Exit: {@code site >> RESPONSE_CODE_SHIFT} is the {@code responseCode} field (the shift keeps its sign). */
  static final int RESPONSE_CODE_SHIFT = 3;

  private final HttpClientRecorder recorder;
  private final InstrumentationErrors errors;
  private final WeakIdentityMap<Object, ClientCall> calls = new WeakIdentityMap<>();

  UrlConnectionTracker(HttpClientRecorder recorder, InstrumentationErrors errors) {
    this.recorder = recorder;
    this.errors = errors;
  }

  @Override
  public Object enter(int site, Object connection, Object argument, Object detail) {
    return connection instanceof HttpURLConnection
        ? enter((HttpURLConnection) connection, site & METHOD, (site & CONNECTED) != 0)
        : null;
  }

  @Override
  public Object exit(int site, Object state, Object connection, Object returned, Throwable thrown) {
    if (state != null) {
      exit(state, site & METHOD, site >> RESPONSE_CODE_SHIFT, thrown);
    }
    return returned;
  }

  private Object enter(HttpURLConnection connection, int method, boolean connected) {
    boolean outermost = recorder.enter();
    try {
      if (!outermost) {
        // Inside another client's call (a library over HttpURLConnection): the outer call records,
        // this request still carries its trace context. Calls this connection makes on itself
        // (getInputStream -> connect) are nested too, and already have it.
        if (!connected && calls.get(connection) == null) {
          recorder.inject(this, connection);
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
      if (method == OUTPUT && "GET".equals(requestMethod)) {
        requestMethod = "POST"; // what getOutputStream() turns a GET into
      }
      call = recorder.start(requestMethod, url.getHost(), url.getPort() >= 0 ? url.getPort() : url.getDefaultPort(), url);
      calls.put(connection, call);
      recorder.inject(this, connection);
      return call;
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return CallDepth.NOT_RECORDING;
    }
  }

  private void exit(Object state, int method, int responseCode, Throwable thrown) {
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
      } else if (method == INPUT) {
        recorder.end(call, Math.max(responseCode, 0), null);
      }
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
    } finally {
      recorder.detach(call); // a no-op but on the invocation that started the call
    }
  }

  /** Adds a header as a request property, unless the connection is already sending. */
  @Override
  public void set(HttpURLConnection connection, String name, String value) {
    try {
      connection.setRequestProperty(name, value);
    } catch (IllegalStateException alreadyConnecting) {
      // the connection is past the point where headers can be added: it goes out without them
    }
  }
}
