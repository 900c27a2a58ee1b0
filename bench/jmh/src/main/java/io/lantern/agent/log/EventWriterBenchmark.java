package io.lantern.agent.log;

import io.lantern.agent.Names;
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
 * The event writer's per-event work on its own thread: formatting an {@code http_request}-sized
 * event as one JSON line (the request thread only offers the event to the queue).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventWriterBenchmark {
  private final EventFormatter formatter = new EventFormatter("bench", "1.0.0", "prod");
  private final FieldsEvent event =
      FieldsEvent.of(Names.EVENT_HTTP_REQUEST, Level.INFO, "GET /users/* 200")
          .withTrace(span())
          .with(Names.HTTP_REQUEST_METHOD, "GET")
          .with(Names.HTTP_ROUTE, "/users/*")
          .with(Names.URL_PATH, "/users/7")
          .with(Names.URL_SCHEME, "http")
          .with(Names.HTTP_RESPONSE_STATUS_CODE, 200)
          .with(Names.DURATION_MS, 4.2)
          .with(Names.DB_COUNT, 1)
          .with(Names.DB_DURATION_MS, 0.7);

  private static LanternSpan span() {
    LanternSpan span = new LanternSpan();
    new Tracing(1.0).startServerSpan(span, "GET", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null);
    return span;
  }

  private final byte[] buffer = new byte[EventSink.BUFFER_BYTES];

  /** What the writer does per line since issue 15: format, then UTF-8 into the batch buffer. */
  @Benchmark
  public int formatAndEncodeHttpRequestLine() {
    return EventSink.encode(formatter.format(event), buffer, 0);
  }

  @Benchmark
  public int formatHttpRequestLine() {
    return formatter.format(event).length();
  }
}
