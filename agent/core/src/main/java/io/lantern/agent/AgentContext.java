package io.lantern.agent;

import io.lantern.agent.applog.AppLogConfig;
import io.lantern.agent.applog.AppLogRecorder;
import io.lantern.agent.config.ConfigKey;
import io.lantern.agent.config.ConfigWarning;
import io.lantern.agent.config.LanternConfig;
import io.lantern.agent.genai.GenAiConfig;
import io.lantern.agent.genai.GenAiMetrics;
import io.lantern.agent.genai.GenAiPrices;
import io.lantern.agent.genai.GenAiRateLimits;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.agent.http.HttpServerConfig;
import io.lantern.agent.http.HttpServerRecorder;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.HttpClientMetrics;
import io.lantern.agent.metrics.HttpServerMetrics;
import io.lantern.agent.operation.RequestListeners;
import io.lantern.agent.rpc.RpcClientRecorder;
import io.lantern.agent.rpc.RpcConfig;
import io.lantern.agent.rpc.RpcMetrics;
import io.lantern.agent.rpc.RpcServerRecorder;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.Tracing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What an instrumentation module gets from the agent: the services its hook handler records into. */
public final class AgentContext {
  private final LanternConfig config;
  private final EventLog events;
  private final LanternMetrics metrics;
  private final Tracing tracing;
  private final InstrumentationErrors errors;
  private final RequestListeners requestListeners = new RequestListeners();
  private final HttpServerRecorder httpServer;
  private HttpClientRecorder httpClient;
  private GenAiRecorder genAi;
  private GenAiRateLimits genAiRateLimits;
  private RpcServerRecorder rpcServer;
  private RpcClientRecorder rpcClient;
  private AppLogRecorder appLogs;

  public AgentContext(LanternConfig config, EventLog events, LanternMetrics metrics, Tracing tracing,
      InstrumentationErrors errors) {
    this.config = config;
    this.events = events;
    this.metrics = metrics;
    this.tracing = tracing;
    this.errors = errors;
    this.httpServer = new HttpServerRecorder(new HttpServerMetrics(metrics), tracing, events, errors,
        config.get(HttpServerConfig.TENANT_HEADER), requestListeners);
  }

  /** The keys of the domains this context's recorders serve (HTTP server, AI clients), whichever module uses them. */
  public static List<ConfigKey<?>> configKeys() {
    List<ConfigKey<?>> keys = new ArrayList<>(HttpServerConfig.KEYS);
    keys.addAll(GenAiConfig.KEYS);
    keys.addAll(RpcConfig.KEYS);
    keys.addAll(AppLogConfig.KEYS);
    return Collections.unmodifiableList(keys);
  }

  public LanternConfig config() { return config; }
  public EventLog events() { return events; }
  public LanternMetrics metrics() { return metrics; }
  public Tracing tracing() { return tracing; }
  public InstrumentationErrors errors() { return errors; }
  public HttpServerRecorder httpServer() { return httpServer; }

  /**
   * What runs when any inbound request ends (HTTP now, RPC next), whatever the server: a module
   * adds to it at install time, e.g. the JDBC module's repeated-query rule.
   */
  public RequestListeners requestListeners() { return requestListeners; }

  /** The outbound-HTTP recorder if a module made it, else null (does not make one). */
  public synchronized HttpClientRecorder httpClientIfCreated() {
    return httpClient;
  }

  /**
   * The one recorder every outbound HTTP instrumentation shares (one nesting depth per thread for
   * all clients). Made by the first module that asks, so its metric exists only when one is enabled.
   */
  public synchronized HttpClientRecorder httpClient() {
    if (httpClient == null) {
      httpClient = new HttpClientRecorder(new HttpClientMetrics(metrics), tracing, errors);
    }
    return httpClient;
  }

  /**
   * The one recorder every AI-client instrumentation records into (shared: nested calls find each
   * other). Made by the first module that asks, so the gen_ai metrics exist only when one is
   * enabled; the price table ({@code lantern.gen-ai.prices.file} over the built-in one) is read
   * then, its problems reported as {@code config_warning} events.
   */
  public synchronized GenAiRecorder genAi() {
    if (genAi == null) {
      List<ConfigWarning> warnings = new ArrayList<>();
      GenAiPrices prices = GenAiPrices.load(config.get(GenAiConfig.PRICES_FILE), warnings);
      warnings.forEach(config::report);
      genAi = new GenAiRecorder(new GenAiMetrics(metrics, GenAiConfig.semconv(config)), tracing, events, errors, prices,
          config.get(GenAiConfig.CAPTURE_CONTENT), config.get(GenAiConfig.CAPTURE_CONTENT_MAX_LENGTH));
    }
    return genAi;
  }

  /**
   * Rate-limit headroom and SDK retries of AI calls, made by the first module that asks (the
   * Stainless SDKs'), so its metrics exist only when one is enabled.
   */
  public synchronized GenAiRateLimits genAiRateLimits() {
    if (genAiRateLimits == null) {
      genAiRateLimits = new GenAiRateLimits(metrics);
    }
    return genAiRateLimits;
  }

  /** The RPC server recorder, made by the first module that asks (so its metric exists only when one is enabled). */
  public synchronized RpcServerRecorder rpcServer() {
    if (rpcServer == null) {
      rpcServer = new RpcServerRecorder(RpcMetrics.server(metrics), tracing, events, errors,
          config.get(RpcConfig.TENANT_METADATA_KEY), requestListeners);
    }
    return rpcServer;
  }

  /** The RPC client recorder, made by the first module that asks. */
  public synchronized RpcClientRecorder rpcClient() {
    if (rpcClient == null) {
      rpcClient = new RpcClientRecorder(RpcMetrics.client(metrics), tracing, errors);
    }
    return rpcClient;
  }

  /**
   * What the logging modules (logback, log4j2, JUL) capture the application's records into, as
   * {@code lantern.logs.capture*} say; one for all of them.
   */
  public synchronized AppLogRecorder appLogs() {
    if (appLogs == null) {
      appLogs = new AppLogRecorder(events, config.get(AppLogConfig.CAPTURE), config.get(AppLogConfig.CAPTURE_LEVEL),
          config.get(AppLogConfig.MAX_STACKTRACE));
    }
    return appLogs;
  }
}
