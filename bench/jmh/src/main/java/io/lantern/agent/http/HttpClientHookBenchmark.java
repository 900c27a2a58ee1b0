package io.lantern.agent.http;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.HttpClientMetrics;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
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
 * string every client sends.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpClientHookBenchmark {
  private final LanternMetrics metrics = new LanternMetrics(2000);
  private final Tracing tracing = new Tracing(1.0);
  private final HttpClientRecorder recorder =
      new HttpClientRecorder(new HttpClientMetrics(metrics), tracing, new InstrumentationErrors(metrics, EventLog.noop()));
  private LanternSpan replaced;

  @Setup(Level.Trial)
  public void inRequest() {
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
}
