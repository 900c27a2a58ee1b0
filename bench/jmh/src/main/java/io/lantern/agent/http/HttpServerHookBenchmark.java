package io.lantern.agent.http;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.operation.RequestListeners;
import io.lantern.agent.metrics.HttpServerMetrics;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Per-request costs of the HTTP server path, in process: the whole recorder (start, end, detach:
 * span, active gauge, histogram; events off), its metric update alone, and trace-context creation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpServerHookBenchmark {
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final LanternMetrics metrics = new LanternMetrics(2000);
  private final HttpServerMetrics serverMetrics = new HttpServerMetrics(metrics);
  private final Tracing tracing = new Tracing(1.0);
  private final HttpServerRecorder recorder = new HttpServerRecorder(serverMetrics, tracing, EventLog.noop(),
      new InstrumentationErrors(metrics, EventLog.noop()), null, new RequestListeners());
  private final String[] plain = BenchRequest.of("/users/7", null);
  private final String[] withTraceparent = BenchRequest.of("/users/7", TRACEPARENT);


  @Benchmark
  public ServerRequest recordRequest() {
    ServerRequest request = recorder.start(BenchRequest.GETTER, plain);
    recorder.end(request, "/users/*", 200, null);
    recorder.detach(request);
    return request;
  }

  @Benchmark
  public ServerRequest recordRequestWithInboundTraceparent() {
    ServerRequest request = recorder.start(BenchRequest.GETTER, withTraceparent);
    recorder.end(request, "/users/*", 200, null);
    recorder.detach(request);
    return request;
  }

  @Benchmark
  public void metricUpdate() {
    serverMetrics.recordDuration(0, "/users/*", 200, false, null, 0.0042);
  }

  @Benchmark
  public LanternSpan traceContextNewRoot() {
    LanternSpan span = new LanternSpan();
    tracing.startServerSpan(span, "GET", null, null);
    return span;
  }

  @Benchmark
  public LanternSpan traceContextFromTraceparent() {
    LanternSpan span = new LanternSpan();
    tracing.startServerSpan(span, "GET", TRACEPARENT, null);
    return span;
  }
}
