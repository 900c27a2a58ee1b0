package io.lantern.agent.trace.export;

import com.sun.net.httpserver.HttpServer;
import io.lantern.agent.http.HttpServerRecorder;
import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.http.BenchRequest;
import io.lantern.agent.http.ServerRequest;
import io.lantern.agent.operation.RequestListeners;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.HttpServerMetrics;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
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
 * What span export costs. {@code recordRequestQueuedForOtlp}: one request on the application's
 * thread with a recording span (semantic-convention attributes) handed to the OTLP queue, whose
 * exporter thread here discards the batches (compare with HttpServerHookBenchmark.recordRequest,
 * exporter none). {@code exportBatchOf512}: the exporter thread's share, one batch of 512 server
 * spans turned into SpanData, marshalled to protobuf and POSTed to a loopback HTTP server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanExportBenchmark {
  static final int BATCH = 512;

  private final LanternMetrics metrics = new LanternMetrics(2000);
  private final SpanExportStats stats = new SpanExportStats();
  private BatchingSpanSink sink;
  private HttpServerRecorder recorder;
  private final String[] users7 = BenchRequest.of("/users/7", null);
  private HttpServer collector;
  private OtlpExporter otlp;
  private final List<LanternSpan> batch = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    sink = new BatchingSpanSink(SpanExporters.QUEUE_CAPACITY, new BatchingSpanSink.Exporter() {
      @Override
      public boolean export(List<LanternSpan> spans) {
        return true;
      }

      @Override
      public void shutdown(long timeoutMillis) {}
    }, stats).start();
    recorder = new HttpServerRecorder(new HttpServerMetrics(metrics), new Tracing(1.0, sink), EventLog.noop(),
        new InstrumentationErrors(metrics, EventLog.noop()), null, new RequestListeners());

    collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    collector.createContext("/v1/traces", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        in.readAllBytes();
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    collector.start();
    otlp = new OtlpExporter("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces", 10_000, "bench", "1", null,
        "bench", EventLog.noop());
    HttpServerRecorder batchRecorder = new HttpServerRecorder(new HttpServerMetrics(new LanternMetrics(2000)),
        new Tracing(1.0, batch::add), EventLog.noop(), new InstrumentationErrors(metrics, EventLog.noop()), null,
        new RequestListeners());
    for (int i = 0; i < BATCH; i++) {
      ServerRequest request = batchRecorder.start(BenchRequest.GETTER, BenchRequest.of("/users/" + i, null));
      batchRecorder.end(request, "/users/*", 200, null);
      batchRecorder.detach(request);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sink.close();
    otlp.shutdown(1000);
    collector.stop(0);
  }

  @Benchmark
  public ServerRequest recordRequestQueuedForOtlp() {
    ServerRequest request = recorder.start(BenchRequest.GETTER, users7);
    recorder.end(request, "/users/*", 200, null);
    recorder.detach(request);
    return request;
  }

  @Benchmark
  public boolean exportBatchOf512() {
    return otlp.export(batch);
  }
}
