package io.lantern.agent.export;

import io.lantern.agent.AgentThreads;
import io.lantern.agent.Names;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.Level;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What the OTLP/HTTP protobuf exporters (spans, log records) share around the OpenTelemetry SDK's
 * exporter: the bounded sender thread, the wait per batch, the silenced SDK logging and one warning
 * event per failure streak. Used on one exporter thread only.
 *
 * <p>Time is bounded for a collector that hangs: the SDK's timeout is a deadline for the whole
 * export, retries included, and connecting has the same bound, so one batch costs the exporter
 * thread at most {@link #waitMillis} ({@code 2 x timeout + 1 s}). At most one batch is ever in
 * flight and at most one waits for it: the SDK runs each export on a one-thread sender with room for
 * one more, so an export handed over while two are still there (possible only after a wait that gave
 * up) fails at once instead of piling up batches in memory. The one place is needed: the sender
 * completes a batch's result a moment before its thread is free again, and the next batch is often
 * handed over in that moment.
 */
public final class OtlpHttpTransport {
  public static final RetryPolicy RETRY = RetryPolicy.builder()
      .setMaxAttempts(3)
      .setInitialBackoff(Duration.ofMillis(250))
      .setMaxBackoff(Duration.ofSeconds(1))
      .build();

  /** Kept so that java.util.logging's weak reference keeps our level on it. */
  @SuppressWarnings("unused")
  private static Logger silencedSdkLogger;

  private final String endpoint;
  private final long timeoutMillis;
  private final EventLog events;
  private final String errorEvent;
  private final String what;
  private final String failedCounter;
  private final String senderThread;
  private ExecutorService sender;
  private boolean failing;

  /**
   * @param errorEvent the warning event emitted once per failure streak, e.g. {@code span_export_error}
   * @param what what is exported, for the warning's message, e.g. {@code spans}
   * @param failedCounter the counter the lost items go to, for the warning's message
   */
  public OtlpHttpTransport(String endpoint, long timeoutMillis, EventLog events, String errorEvent, String what,
      String failedCounter, String senderThread) {
    this.endpoint = endpoint;
    this.timeoutMillis = timeoutMillis;
    this.events = events;
    this.errorEvent = errorEvent;
    this.what = what;
    this.failedCounter = failedCounter;
    this.senderThread = senderThread;
  }

  public String endpoint() {
    return endpoint;
  }

  public Duration timeout() {
    return Duration.ofMillis(timeoutMillis);
  }

  /**
   * The one-thread sender the SDK exporter runs on, built at the first call (which also silences the
   * SDK's own failure logging); room for one: a third batch is refused (and counted failed) rather
   * than held while the first hangs.
   */
  public ExecutorService sender(Class<?> sdkExporterClass) {
    if (sender == null) {
      silenceSdkLogging(sdkExporterClass);
      sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1),
          AgentThreads.factory(senderThread));
    }
    return sender;
  }

  /**
   * Runs one export and waits for it (bounded); true when the backend took it. The first failure
   * after a success (or after start) emits one warning event; never throws.
   */
  public boolean send(Supplier<CompletableResultCode> export) {
    Throwable error = null;
    boolean ok = false;
    try {
      CompletableResultCode result = export.get().join(waitMillis(timeoutMillis), TimeUnit.MILLISECONDS);
      ok = result.isSuccess();
      error = result.getFailureThrowable();
    } catch (Throwable t) {
      error = t;
    }
    if (ok) {
      failing = false;
    } else if (!failing) {
      failing = true;
      String address = address(endpoint);
      events.emit(
          FieldsEvent.of(errorEvent, Level.WARN,
                  "cannot export " + what + " to " + address + "; they are counted in " + failedCounter
                      + " until it works again")
              .with(Names.ADDRESS, address)
              .with(Names.ERROR, error == null ? "export failed" : error.toString()));
    }
    return ok;
  }

  /** Waits (at most the given time) for the SDK exporter's shutdown, then stops the sender. */
  public void shutdown(Supplier<CompletableResultCode> sdkShutdown, long waitMillis) {
    if (sender != null) {
      sdkShutdown.get().join(waitMillis, TimeUnit.MILLISECONDS);
      sender.shutdownNow();
    }
  }

  /**
   * The longest the exporter thread waits for one batch: connecting (bounded by the timeout) and
   * then the rest of the SDK's deadline, plus a second for the SDK's own bookkeeping.
   */
  public static long waitMillis(long timeoutMillis) {
    return 2 * timeoutMillis + 1000;
  }

  /** The resource every exported span and log record carries. */
  public static Attributes resourceAttributes(String serviceName, String serviceVersion, String environment,
      String agentVersion) {
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

  /** The SDK reports failed exports through java.util.logging, which would print into the application's console. */
  private static void silenceSdkLogging(Class<?> sdkExporterClass) {
    String sdkClass = sdkExporterClass.getName();
    String root = sdkClass.substring(0, sdkClass.indexOf(".exporter.otlp."));
    Logger logger = Logger.getLogger(root);
    logger.setLevel(java.util.logging.Level.OFF);
    logger.setUseParentHandlers(false);
    silencedSdkLogger = logger;
  }

  /** Scheme, host, port and path of the endpoint: never user info or a query. */
  public static String address(String endpoint) {
    try {
      URI uri = URI.create(endpoint);
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
          + (uri.getPath() == null ? "" : uri.getPath());
    } catch (RuntimeException e) {
      return "<invalid endpoint>";
    }
  }
}
