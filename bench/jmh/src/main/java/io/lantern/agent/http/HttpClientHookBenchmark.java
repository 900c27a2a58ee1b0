package io.lantern.agent.http;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.HttpClientMetrics;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.lantern.bootstrap.Hooks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-call cost of the outbound HTTP path, in process, inside a server span as in a request: the
 * recorder (nesting depth, client span, current slot, histogram) and the {@code traceparent}
 * string every client sends; and the same call as a client module's advice makes it, through the
 * bootstrap {@link Hooks} dispatcher to a handler driving the {@link HttpClientInstrumenter} with a
 * getter and a header setter (the dispatch and the flow, without a client library).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpClientHookBenchmark {
  private final LanternMetrics metrics = new LanternMetrics(2000);
  private final Tracing tracing = new Tracing(1.0);
  private final HttpClientRecorder recorder =
      new HttpClientRecorder(new HttpClientMetrics(metrics), tracing, new InstrumentationErrors(metrics, EventLog.noop()));
  private final String[] request = {"GET", "api.example.com"};
  private final Integer response = 200;
  private final String[] headers = new String[2];
  private int module;
  private LanternSpan replaced;

  @Setup(Level.Trial)
  public void inRequest() {
    module = Hooks.install(new BenchClient(recorder, headers));
    replaced = Tracing.makeCurrent(tracing.startSpan(LanternSpan.Kind.SERVER, "GET"));
  }

  @TearDown(Level.Trial)
  public void done() {
    Tracing.restore(replaced);
  }

  @Benchmark
  public ClientCall recordCall() {
    recorder.enter();
    ClientCall call = recorder.start("GET", "api.example.com", 443, null);
    recorder.exitAndEnd("bench", call, null, null, null);
    return call;
  }

  @Benchmark
  public String recordCallWithTraceparent() {
    recorder.enter();
    ClientCall call = recorder.start("GET", "api.example.com", 443, null);
    String header = recorder.traceparent();
    recorder.exitAndEnd("bench", call, null, null, null);
    return header;
  }

  /** What {@link #recordCallWithTraceparent} does, as woven advice does it: the difference is the dispatch and the flow. */
  @Benchmark
  public Object recordCallThroughHooks() {
    Object state = Hooks.enter(module, BenchClient.SEND, null, request, null);
    Hooks.exit(module, BenchClient.SEND, state, null, response, null);
    return state;
  }

  /** A client module's handler over {request method, host}: port 443, no URL; headers go to a two-slot array. */
  static final class BenchClient implements Hooks.Handler, HttpClientGetter<String[], Integer>, HttpHeaderSetter<String[]> {
    static final int SEND = 0;

    private final HttpClientInstrumenter<String[], Integer> client;
    private final String[] headers;

    BenchClient(HttpClientRecorder recorder, String[] headers) {
      this.client = recorder.instrumenter("bench", this);
      this.headers = headers;
    }

    @Override
    public Object enter(int site, Object self, Object argument, Object detail) {
      Object state = client.enter((String[]) argument);
      client.inject(this, headers);
      return state;
    }

    @Override
    public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
      if (state != null) {
        client.exit(state, (Integer) returned, thrown);
      }
      return returned;
    }

    @Override
    public String method(String[] request) {
      return request[0];
    }

    @Override
    public String serverAddress(String[] request, Object target) {
      return request[1];
    }

    @Override
    public int serverPort(String[] request, Object target) {
      return 443;
    }

    @Override
    public Object url(String[] request) {
      return null;
    }

    @Override
    public int statusCode(Integer response) {
      return response;
    }

    @Override
    public void set(String[] carrier, String name, String value) {
      carrier["traceparent".equals(name) ? 0 : 1] = value;
    }
  }
}
