package io.lantern.agent.trace.export;

import io.lantern.agent.config.LanternConfig;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.trace.SpanSink;

/** Builds the span sink {@code lantern.traces.exporter} asks for. */
public final class SpanExporters {
  /** Spans waiting for the OTLP exporter thread; past it they are dropped and counted. */
  public static final int QUEUE_CAPACITY = 2048;

  private final SpanSink sink;
  private final BatchingSpanSink batching;

  private SpanExporters(SpanSink sink, BatchingSpanSink batching) {
    this.sink = sink;
    this.batching = batching;
  }

  /**
   * Starts the configured exporter: {@code none} gives no sink (spans are never recording),
   * {@code log} writes {@code span} events, {@code otlp} queues spans for the OTLP/HTTP exporter
   * thread. Never throws: a failure gives no sink.
   */
  public static SpanExporters start(LanternConfig config, EventLog events, SpanExportStats stats, String agentVersion) {
    switch (config.tracesExporter()) {
      case LOG:
        return new SpanExporters(new LogSpanSink(events, stats), null);
      case OTLP:
        OtlpExporter otlp = new OtlpExporter(config.tracesOtlpEndpoint(), config.tracesOtlpTimeoutMillis(), config.serviceName(), config.serviceVersion(),
            config.deploymentEnvironment(), agentVersion, events);
        BatchingSpanSink batching = new BatchingSpanSink(QUEUE_CAPACITY, otlp, stats).start();
        return new SpanExporters(batching, batching);
      default:
        return new SpanExporters(null, null);
    }
  }

  /** Where {@code Tracing} hands ended spans, or null when no exporter is configured. */
  public SpanSink sink() {
    return sink;
  }

  /** Flushes queued spans (bounded wait) and stops; for the shutdown hook. */
  public void close() {
    if (batching != null) {
      batching.close();
    }
  }
}
