package io.lantern.agent.trace.export;

import io.lantern.agent.Names;
import io.lantern.agent.export.OtlpHttpTransport;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.trace.LanternSpan;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends batches as OTLP/HTTP protobuf with the OpenTelemetry SDK's {@link OtlpHttpSpanExporter}
 * over the JDK's {@code HttpClient}. Built on the exporter thread at the first batch, so premain
 * does not pay for it and {@code java.util.logging} is first touched after the application
 * started. A failing collector gives one {@code span_export_error} event per failure streak; the
 * SDK's own failure logging is silenced; time per batch is bounded (see {@link OtlpHttpTransport}).
 */
final class OtlpExporter implements BatchingSpanSink.Exporter {
  private final OtlpHttpTransport transport;
  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private OtlpHttpSpanExporter exporter;

  OtlpExporter(String endpoint, long timeoutMillis, String serviceName, String serviceVersion, String environment,
      String agentVersion, EventLog events) {
    this.transport = new OtlpHttpTransport(endpoint, timeoutMillis, events, Names.EVENT_SPAN_EXPORT_ERROR, "spans",
        "lantern_trace_spans_failed_total", "lantern-otlp-sender");
    this.resource = Resource.create(OtlpHttpTransport.resourceAttributes(serviceName, serviceVersion, environment, agentVersion));
    this.scope = InstrumentationScopeInfo.builder(Names.LANTERN_SCOPE).setVersion(agentVersion).build();
  }

  @Override
  public boolean export(List<LanternSpan> batch) {
    return transport.send(() -> {
      List<SpanData> data = new ArrayList<>(batch.size());
      for (LanternSpan span : batch) {
        data.add(new LanternSpanData(span, resource, scope));
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

  private OtlpHttpSpanExporter exporter() {
    if (exporter == null) {
      exporter = OtlpHttpSpanExporter.builder()
          .setEndpoint(transport.endpoint())
          .setTimeout(transport.timeout())
          .setConnectTimeout(transport.timeout())
          .setRetryPolicy(OtlpHttpTransport.RETRY)
          .setExecutorService(transport.sender(OtlpHttpSpanExporter.class))
          .build();
    }
    return exporter;
  }
}
