package io.lantern.agent.log.export;

import io.lantern.agent.Names;
import io.lantern.agent.export.BatchQueue;
import io.lantern.agent.export.OtlpHttpTransport;
import io.lantern.agent.log.AttributesWriter;
import io.lantern.agent.log.Event;
import io.lantern.agent.log.EventLog;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends batches of events as OTLP/HTTP protobuf log records with the OpenTelemetry SDK's {@link
 * OtlpHttpLogRecordExporter}, on the same bounded transport as the span exporter ({@link
 * OtlpHttpTransport}): built at the first batch, one {@code log_export_error} event per failure
 * streak, the SDK's own logging silenced.
 */
final class OtlpLogExporter implements BatchQueue.Exporter<Event> {
  private final OtlpHttpTransport transport;
  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final AttributesWriter fields = new AttributesWriter();
  private OtlpHttpLogRecordExporter exporter;

  OtlpLogExporter(String endpoint, long timeoutMillis, String serviceName, String serviceVersion, String environment,
      String agentVersion, EventLog events) {
    this.transport = new OtlpHttpTransport(endpoint, timeoutMillis, events, Names.EVENT_LOG_EXPORT_ERROR,
        "log records", "lantern_log_records_failed_total", "lantern-otlp-log-sender");
    this.resource = Resource.create(
        OtlpHttpTransport.resourceAttributes(serviceName, serviceVersion, environment, agentVersion));
    this.scope = InstrumentationScopeInfo.builder(Names.LANTERN_SCOPE).setVersion(agentVersion).build();
  }

  @Override
  public boolean export(List<Event> batch) {
    return transport.send(() -> {
      long observed = EventLog.currentEpochMicros() * 1000L;
      List<LogRecordData> data = new ArrayList<>(batch.size());
      for (Event event : batch) {
        data.add(new EventLogRecord(event, resource, scope, fields, observed));
      }
      return exporter().export(data);
    });
  }

  @Override
  public void shutdown(long waitMillis) {
    if (exporter != null) {
      transport.shutdown(exporter::shutdown, waitMillis);
    }
  }

  private OtlpHttpLogRecordExporter exporter() {
    if (exporter == null) {
      exporter = OtlpHttpLogRecordExporter.builder()
          .setEndpoint(transport.endpoint())
          .setTimeout(transport.timeout())
          .setConnectTimeout(transport.timeout())
          .setRetryPolicy(OtlpHttpTransport.RETRY)
          .setExecutorService(transport.sender(OtlpHttpLogRecordExporter.class))
          .build();
    }
    return exporter;
  }
}
