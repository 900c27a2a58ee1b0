package io.lantern.agent.trace.export;

import io.lantern.agent.AgentThreads;
import io.lantern.agent.Names;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.Level;
import io.lantern.agent.trace.LanternSpan;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Sends batches as OTLP/HTTP protobuf with the OpenTelemetry SDK's {@link OtlpHttpSpanExporter}
 * over the JDK's {@code HttpClient}. Built on the exporter thread at the first batch, so premain
 * does not pay for it and {@code java.util.logging} is first touched after the application
 * started. A failing collector gives one {@code span_export_error} event per failure streak; the
 * SDK's own failure logging (to {@code java.util.logging}, i.e. the application's console) is
 * silenced.
 *
 * <p>Time is bounded for a collector that hangs: the SDK's timeout is a deadline for the whole
 * export, retries included, and connecting has the same bound, so one batch costs the exporter
 * thread at most {@link #waitMillis} ({@code 2 x lantern.traces.otlp.timeout-ms + 1 s}). At most one
 * batch is ever in flight and at most one waits for it: the SDK runs each export on a one-thread
 * sender with room for one more, so an export handed over while two are still there (possible only
 * after a wait that gave up) fails at once instead of piling up batches in memory. The one place is
 * needed: the sender completes a batch's result a moment before its thread is free again, and the
 * next batch is often handed over in that moment.
 */
final class OtlpExporter implements BatchingSpanSink.Exporter {
  static final RetryPolicy RETRY = RetryPolicy.builder()
      .setMaxAttempts(3)
      .setInitialBackoff(Duration.ofMillis(250))
      .setMaxBackoff(Duration.ofSeconds(1))
      .build();

  /** Kept so that java.util.logging's weak reference keeps our level on it. */
  @SuppressWarnings("unused")
  private static Logger silencedSdkLogger;

  private final String endpoint;
  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final EventLog events;
  private final long timeoutMillis;
  private OtlpHttpSpanExporter exporter;
  private ExecutorService sender;
  private boolean failing;

  OtlpExporter(String endpoint, long timeoutMillis, String serviceName, String serviceVersion, String environment,
      String agentVersion, EventLog events) {
    this.endpoint = endpoint;
    this.timeoutMillis = timeoutMillis;
    this.events = events;
    this.resource = Resource.create(resourceAttributes(serviceName, serviceVersion, environment, agentVersion));
    this.scope = InstrumentationScopeInfo.builder(Names.LANTERN_SCOPE).setVersion(agentVersion).build();
  }

  static Attributes resourceAttributes(String serviceName, String serviceVersion, String environment, String agentVersion) {
    AttributesBuilder b = Attributes.builder()
        .put(Names.RESOURCE_SERVICE_NAME, serviceName)
        .put(Names.RESOURCE_TELEMETRY_SDK_NAME, Names.LANTERN_SCOPE)
        .put(Names.RESOURCE_TELEMETRY_SDK_LANGUAGE, "java")
        .put(Names.RESOURCE_TELEMETRY_SDK_VERSION, agentVersion);
    if (serviceVersion != null) {
      b.put(Names.RESOURCE_SERVICE_VERSION, serviceVersion);
    }
    if (environment != null) {
      b.put(Names.RESOURCE_DEPLOYMENT_ENVIRONMENT_NAME, environment);
    }
    return b.build();
  }

  @Override
  public boolean export(List<LanternSpan> batch) {
    Throwable error = null;
    boolean ok = false;
    try {
      OtlpHttpSpanExporter current = exporter();
      List<SpanData> data = new ArrayList<>(batch.size());
      for (LanternSpan span : batch) {
        data.add(new LanternSpanData(span, resource, scope));
      }
      CompletableResultCode result = current.export(data).join(waitMillis(timeoutMillis), TimeUnit.MILLISECONDS);
      ok = result.isSuccess();
      error = result.getFailureThrowable();
    } catch (Throwable t) {
      error = t;
    }
    if (ok) {
      failing = false;
    } else if (!failing) {
      failing = true;
      events.emit(
          FieldsEvent.of(Names.EVENT_SPAN_EXPORT_ERROR, Level.WARN,
                  "cannot export spans to " + address(endpoint) + "; they are counted in lantern_trace_spans_failed_total until it works again")
              .with(Names.ADDRESS, address(endpoint))
              .with(Names.ERROR, error == null ? "export failed" : error.toString()));
    }
    return ok;
  }

  /**
   * The longest the exporter thread waits for one batch: connecting (bounded by the timeout) and
   * then the rest of the SDK's deadline, plus a second for the SDK's own bookkeeping.
   */
  static long waitMillis(long timeoutMillis) {
    return 2 * timeoutMillis + 1000;
  }

  @Override
  public void shutdown(long waitMillis) {
    if (exporter != null) {
      exporter.shutdown().join(waitMillis, TimeUnit.MILLISECONDS);
      sender.shutdownNow();
    }
  }

  private OtlpHttpSpanExporter exporter() {
    if (exporter == null) {
      silenceSdkLogging();
      // room for one: a third batch is refused (and counted failed) rather than held while the first hangs
      sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1),
          AgentThreads.factory("lantern-otlp-sender"));
      exporter = OtlpHttpSpanExporter.builder()
          .setEndpoint(endpoint)
          .setTimeout(Duration.ofMillis(timeoutMillis))
          .setConnectTimeout(Duration.ofMillis(timeoutMillis))
          .setRetryPolicy(RETRY)
          .setExecutorService(sender)
          .build();
    }
    return exporter;
  }

  /** The SDK reports failed exports through java.util.logging, which would print into the application's console. */
  private static void silenceSdkLogging() {
    String sdkClass = OtlpHttpSpanExporter.class.getName();
    String root = sdkClass.substring(0, sdkClass.indexOf(".exporter.otlp."));
    Logger logger = Logger.getLogger(root);
    logger.setLevel(java.util.logging.Level.OFF);
    logger.setUseParentHandlers(false);
    silencedSdkLogger = logger;
  }

  /** Scheme, host, port and path of the endpoint: never user info or a query. */
  static String address(String endpoint) {
    try {
      URI uri = URI.create(endpoint);
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
          + (uri.getPath() == null ? "" : uri.getPath());
    } catch (RuntimeException e) {
      return "<invalid endpoint>";
    }
  }
}
