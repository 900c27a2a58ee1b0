package io.lantern.agent;

import io.lantern.agent.config.ConfigKey;
import io.lantern.agent.config.ConfigWarnings;
import io.lantern.agent.config.LanternConfig;
import io.lantern.agent.export.ExportStats;
import io.lantern.agent.http.HttpClientRecorder;
import io.lantern.agent.instrumentation.AdviceRule;
import io.lantern.agent.instrumentation.AgentInstaller;
import io.lantern.agent.instrumentation.InstrumentationModule;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.EventLogSettings;
import io.lantern.agent.log.FieldsEvent;
import io.lantern.agent.log.export.LogExporters;
import io.lantern.agent.log.Level;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.metrics.MetricsServer;
import io.lantern.agent.metrics.jvm.JvmMetrics;
import io.lantern.agent.trace.Tracing;
import io.lantern.agent.trace.export.SpanExportStats;
import io.lantern.agent.trace.export.SpanExporters;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;

/** Called once by the premain trampoline inside the agent's class loader. */
public final class AgentStarter {
  private AgentStarter() {}

  public static void start(Instrumentation instrumentation, String arguments, File agentJar) {
    long startNanos = System.nanoTime();
    ClassLoader agentLoader = AgentStarter.class.getClassLoader();
    // First: Byte Buddy's cold start then overlaps the rest of premain.
    AgentInstaller installer = AgentInstaller.start(instrumentation, agentLoader);
    List<InstrumentationModule> modules = new ArrayList<>();
    ServiceLoader.load(InstrumentationModule.class, agentLoader).forEach(modules::add);
    Map<InstrumentationModule, Throwable> keyFailures = new HashMap<>();
    ConfigWarnings warnings = new ConfigWarnings();
    LanternConfig config =
        LanternConfig.load(systemProperties(), System.getenv(), configKeys(modules, keyFailures), warnings);
    EventLog events = EventLog.start(eventLogSettings(config));
    String version = version(agentJar);
    // before the first event, so that every event line is also a log record
    ExportStats logStats = LogExporters.newStats();
    LogExporters logExport = LogExporters.start(config, events, logStats, version);
    warnings.emitTo(events);

    LanternMetrics metrics = new LanternMetrics(config.maxSeries());
    metrics.registerDroppedEvents(events::droppedCount);
    logStats.registerIn(metrics.registry());
    SpanExportStats spanStats = new SpanExportStats().registerIn(metrics.registry());
    SpanExporters spanExport = SpanExporters.start(config, events, spanStats, version);
    // One hook, in order: queued spans and log records are flushed while the event log can still report a failure.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      spanExport.close();
      logExport.close();
      events.close();
    }, "lantern-shutdown"));
    Tracing tracing = new Tracing(config.tracesSamplerRatio(), spanExport.sink());
    InstrumentationErrors errors = new InstrumentationErrors(metrics, events);
    AgentContext context = new AgentContext(config, events, metrics, tracing, errors);

    List<String> enabled = new ArrayList<>();
    List<AdviceRule> rules = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      if (keyFailures.containsKey(module)) {
        errors.report(module.name(), keyFailures.get(module));
      } else if (config.instrumentationEnabled(module.name())) {
        try {
          rules.addAll(AgentInstaller.calling(module.handler(context), module.rules()));
          enabled.add(module.name());
        } catch (Throwable t) {
          errors.report(module.name(), t);
        }
      }
    }
    List<String> unwoven = installer.install(rules, errors);
    // The agent's own outbound calls (the OTLP exporter's) are not the application's.
    AgentThreads.setInitializer(() -> {
      HttpClientRecorder outbound = context.httpClientIfCreated();
      if (outbound != null) {
        outbound.ignoreCurrentThread();
      }
    });

    metrics.registerInfo(config.serviceName(), config.serviceVersion(), config.deploymentEnvironment(), version, enabled);
    // Off the premain thread: the application's main() need not wait for the endpoint's class loading.
    Thread metricsStarter = new Thread(() -> {
      new JvmMetrics().register(metrics.registry());
      if (config.metricsEnabled()) {
        MetricsServer.start(config, metrics.registry(), events);
      }
    }, "lantern-metrics-start");
    metricsStarter.setDaemon(true);
    metricsStarter.start();
    long startupMillis = (System.nanoTime() - startNanos) / 1_000_000;
    FieldsEvent started =
        FieldsEvent.of(Names.EVENT_AGENT_START, Level.INFO, "Lantern " + version + " started in " + startupMillis + " ms")
            .with(Names.VERSION, version)
            .with(Names.INSTRUMENTATIONS, enabled)
            .with(Names.JAVA_VERSION, System.getProperty("java.version"))
            .with(Names.STARTUP_MS, startupMillis);
    // only in a JVM writing a class-data archive (an AOT cache training run)
    events.emit(unwoven.isEmpty() ? started : started.with(Names.UNWOVEN_CLASSES, unwoven));
  }

  /**
   * Every key read beyond the global ones: the domains' (through the context) and each module's,
   * enabled or not, so each bad value is warned about once at start. A module whose keys cannot be
   * listed is left out, its failure reported once the event log is up.
   */
  private static List<ConfigKey<?>> configKeys(List<InstrumentationModule> modules,
      Map<InstrumentationModule, Throwable> failures) {
    List<ConfigKey<?>> keys = new ArrayList<>(AgentContext.configKeys());
    for (InstrumentationModule module : modules) {
      try {
        keys.addAll(module.configKeys());
      } catch (Throwable t) {
        failures.put(module, t);
      }
    }
    return keys;
  }

  private static EventLogSettings eventLogSettings(LanternConfig config) {
    return EventLogSettings.builder()
        .target(config.logTarget())
        .file(config.logFile())
        .maxFileSizeBytes(config.logMaxFileSizeBytes())
        .maxFiles(config.logMaxFiles())
        .level(config.logLevel())
        .queueSize(config.logQueueSize())
        .service(config.serviceName())
        .serviceVersion(config.serviceVersion())
        .deploymentEnvironment(config.deploymentEnvironment())
        .build();
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> properties = new HashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      properties.put(name, System.getProperty(name));
    }
    return properties;
  }

  private static String version(File agentJar) {
    try (JarFile jar = new JarFile(agentJar, false)) {
      String version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
      return version == null ? "unknown" : version;
    } catch (Exception e) {
      return "unknown";
    }
  }
}
