package io.lantern.agent.log.export;

import io.lantern.agent.config.LanternConfig;
import io.lantern.agent.config.LogsExporter;
import io.lantern.agent.Names;
import io.lantern.agent.export.BatchQueue;
import io.lantern.agent.export.ExportStats;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.EventLog;

/**
 * Starts what {@code lantern.logs.exporter} asks for: {@code otlp} makes every event the event log
 * accepts (level at or above {@code lantern.log.level}; Lantern's events and captured application
 * records alike) also go, as one OTLP log record, to a bounded queue drained by the
 * {@code lantern-log-exporter} thread. The event log's file/stdout line is unaffected.
 */
public final class LogExporters {
  private final BatchQueue<Event> queue;

  private LogExporters(BatchQueue<Event> queue) {
    this.queue = queue;
  }

  /**
   * {@code lantern_log_records_exported_total}, {@code ..._failed_total}, {@code ..._dropped_total}:
   * what became of every event offered to the exporter.
   */
  public static ExportStats newStats() {
    String lost = "Log records lost because their export failed (collector unreachable, refused or timed out).";
    String full = "Log records dropped before export because the export queue was full or the agent was stopping.";
    return new ExportStats(Names.LANTERN_LOG_RECORDS_EXPORTED, "Events handed to the log backend as OTLP log records.",
        Names.LANTERN_LOG_RECORDS_FAILED, lost, Names.LANTERN_LOG_RECORDS_DROPPED, full);
  }

  /** Never throws: a failure (or {@code none}, or a no-op event log) exports nothing. */
  public static LogExporters start(LanternConfig config, EventLog events, ExportStats stats, String agentVersion) {
    try {
      if (config.get(LanternConfig.LOGS_EXPORTER) != LogsExporter.OTLP || events.isNoop()) {
        return new LogExporters(null);
      }
      OtlpLogExporter otlp = new OtlpLogExporter(config.get(LanternConfig.LOGS_OTLP_ENDPOINT),
          config.get(LanternConfig.LOGS_OTLP_TIMEOUT_MS), config.serviceName(), config.serviceVersion(),
          config.deploymentEnvironment(), agentVersion, events);
      BatchQueue<Event> queue = new BatchQueue<>("lantern-log-exporter",
          config.get(LanternConfig.LOGS_OTLP_QUEUE_SIZE), otlp, stats).start();
      events.alsoTo(queue::offer);
      return new LogExporters(queue);
    } catch (Throwable t) {
      return new LogExporters(null);
    }
  }

  /** Exports what is queued (bounded wait) and stops; for the shutdown hook, before the event log closes. */
  public void close() {
    if (queue != null) {
      queue.close();
    }
  }
}
