package io.lantern.agent.config;

import io.lantern.agent.log.EventLogTarget;
import io.lantern.agent.log.Level;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's configuration, read once at start and immutable afterwards: the global keys declared
 * here, and every other key through {@link #get(ConfigKey)} (a domain's keys next to its recorder,
 * a module's in the module, listed by {@code InstrumentationModule.configKeys()}).
 *
 * <p>Sources, highest first: system properties {@code lantern.x.y}; environment variables {@code
 * LANTERN_X_Y} (upper case, {@code .} and {@code -} become {@code _}); the properties file named by
 * {@code lantern.config.file}; defaults. A blank value at some level counts as unset there. A value
 * that does not parse or is out of range gives one {@link ConfigWarning} and the default is used;
 * loading never throws. Each key is parsed once: the global keys and the keys named to {@link
 * #load(Map, Map, Collection, Consumer)} while loading, any other on its first {@link #get}.
 */
public final class LanternConfig {
  public static final String OTEL_SERVICE_NAME_PROPERTY = "otel.service.name";
  public static final String OTEL_SERVICE_NAME_ENV = "OTEL_SERVICE_NAME";
  public static final String UNKNOWN_SERVICE = "unknown_service:java";

  // Global keys, in the order they are parsed (and warned about)
  public static final ConfigKey<String> CONFIG_FILE = ConfigKey.string("lantern.config.file", null,
      "a properties file of `lantern.*` keys, below system properties and environment variables");
  /** Unset: {@code otel.service.name}, {@code OTEL_SERVICE_NAME}, then the jar or main class name. */
  public static final ConfigKey<String> SERVICE_NAME = ConfigKey.string("lantern.service.name", UNKNOWN_SERVICE,
      "`service` in events, `service_name` in `target_info`");
  public static final ConfigKey<String> SERVICE_VERSION = ConfigKey.string("lantern.service.version", null,
      "in `target_info` and on every event line");
  public static final ConfigKey<String> DEPLOYMENT_ENVIRONMENT = ConfigKey.string("lantern.deployment.environment",
      null, "in `target_info` and on every event line");
  public static final ConfigKey<Boolean> METRICS_ENABLED = ConfigKey.bool("lantern.metrics.enabled", true,
      "the Prometheus endpoint");
  public static final ConfigKey<String> METRICS_HOST = ConfigKey.string("lantern.metrics.host", "0.0.0.0",
      "where `/metrics` and `/-/healthy` listen");
  public static final ConfigKey<Integer> METRICS_PORT = ConfigKey.integer("lantern.metrics.port", 9464, 0, 65535,
      "where `/metrics` and `/-/healthy` listen");
  public static final ConfigKey<String> METRICS_USERNAME = ConfigKey.string("lantern.metrics.username", null,
      "HTTP basic auth on the endpoint when both are set");
  public static final ConfigKey<String> METRICS_PASSWORD = ConfigKey.string("lantern.metrics.password", null,
      "HTTP basic auth on the endpoint when both are set").secret();
  public static final ConfigKey<Integer> METRICS_MAX_SERIES = ConfigKey.integer("lantern.metrics.max-series", 2000,
      1, Integer.MAX_VALUE, "label combinations per metric");
  public static final ConfigKey<EventLogTarget> LOG_TARGET = ConfigKey.choice("lantern.log.target",
      EventLogTarget.FILE, "file", "`file`, `stdout`, `stderr` or `none`");
  public static final ConfigKey<String> LOG_FILE = ConfigKey.string("lantern.log.file", "logs/lantern.log",
      "event file, rotated by size");
  public static final ConfigKey<Long> LOG_MAX_FILE_SIZE = ConfigKey.size("lantern.log.max-file-size", "10MB",
      "rotation: size per file");
  public static final ConfigKey<Integer> LOG_MAX_FILES = ConfigKey.integer("lantern.log.max-files", 10,
      1, Integer.MAX_VALUE, "rotation: files kept");
  public static final ConfigKey<Level> LOG_LEVEL = ConfigKey.choice("lantern.log.level", Level.INFO, "INFO",
      "lowest level written");
  public static final ConfigKey<Integer> LOG_QUEUE_SIZE = ConfigKey.integer("lantern.log.queue-size", 8192,
      16, Integer.MAX_VALUE, "events waiting for the writer");
  public static final ConfigKey<TracesExporter> TRACES_EXPORTER = ConfigKey.choice("lantern.traces.exporter",
      TracesExporter.NONE, "none", "`otlp`, `log` or `none`");
  public static final ConfigKey<String> TRACES_OTLP_ENDPOINT = ConfigKey.url("lantern.traces.otlp.endpoint",
      "http://localhost:4318/v1/traces", "where `otlp` sends spans");
  public static final ConfigKey<Long> TRACES_OTLP_TIMEOUT_MS = ConfigKey.longInteger("lantern.traces.otlp.timeout-ms",
      10_000, 100, 60_000, "how long one batch's export may take, retries included");
  public static final ConfigKey<LogsExporter> LOGS_EXPORTER = ConfigKey.choice("lantern.logs.exporter",
      LogsExporter.NONE, "none", "`otlp` or `none`: every event line also as an OTLP log record");
  public static final ConfigKey<String> LOGS_OTLP_ENDPOINT = ConfigKey.url("lantern.logs.otlp.endpoint",
      "http://localhost:4318/v1/logs", "where `otlp` sends log records");
  public static final ConfigKey<Integer> LOGS_OTLP_QUEUE_SIZE = ConfigKey.integer("lantern.logs.otlp.queue-size", 2048,
      16, Integer.MAX_VALUE, "log records waiting for the OTLP exporter thread");
  public static final ConfigKey<Long> LOGS_OTLP_TIMEOUT_MS = ConfigKey.longInteger("lantern.logs.otlp.timeout-ms",
      10_000, 100, 60_000, "how long one batch of log records may take, retries included");
  public static final ConfigKey<Double> TRACES_SAMPLER_RATIO = ConfigKey.ratio("lantern.traces.sampler.ratio", 1.0,
      "share of new traces marked sampled");

  /** The global keys. */
  public static final List<ConfigKey<?>> KEYS = Collections.unmodifiableList(Arrays.<ConfigKey<?>>asList(
      CONFIG_FILE, SERVICE_NAME, SERVICE_VERSION, DEPLOYMENT_ENVIRONMENT,
      METRICS_ENABLED, METRICS_HOST, METRICS_PORT, METRICS_USERNAME, METRICS_PASSWORD, METRICS_MAX_SERIES,
      LOG_TARGET, LOG_FILE, LOG_MAX_FILE_SIZE, LOG_MAX_FILES, LOG_LEVEL, LOG_QUEUE_SIZE,
      TRACES_EXPORTER, TRACES_OTLP_ENDPOINT, TRACES_OTLP_TIMEOUT_MS, TRACES_SAMPLER_RATIO,
      LOGS_EXPORTER, LOGS_OTLP_ENDPOINT, LOGS_OTLP_TIMEOUT_MS, LOGS_OTLP_QUEUE_SIZE));

  /** {@code lantern.instrumentation.<name>.enabled}. */
  public static final String INSTRUMENTATION_PREFIX = "lantern.instrumentation.";

  public static final String INSTRUMENTATION_SUFFIX = ".enabled";

  private static final String PREFIX = "lantern.";
  private static final String ENV_PREFIX = "LANTERN_";
  private static final Pattern INSTRUMENTATION_KEY =
      Pattern.compile("lantern\\.instrumentation\\.(.+)\\.enabled");
  private static final Pattern INSTRUMENTATION_ENV = Pattern.compile("LANTERN_INSTRUMENTATION_(.+)_ENABLED");
  /** A parsed value that is null (a key unset by default). */
  private static final Object NULL = new Object();

  private final Source source;
  private final Consumer<ConfigWarning> warnings;
  private final String serviceName;
  /** Parsed values by key object; {@link #NULL} for null. */
  private final ConcurrentHashMap<ConfigKey<?>, Object> values = new ConcurrentHashMap<>();

  /**
   * Reads the global keys. Never throws.
   *
   * @param systemProperties JVM system properties (also the source of {@code sun.java.command})
   * @param environment process environment
   * @param warnings receives one {@link ConfigWarning} per unusable value (may be null)
   */
  public static LanternConfig load(
      Map<String, String> systemProperties, Map<String, String> environment, List<ConfigWarning> warnings) {
    return load(systemProperties, environment, Collections.<ConfigKey<?>>emptyList(),
        warnings == null ? null : warnings::add);
  }

  /**
   * Reads the global keys and {@code keys}, in that order. Never throws.
   *
   * @param warnings receives one {@link ConfigWarning} per unusable value, now and on a later
   *     {@link #get} of an undeclared key or a {@link #report} (may be null)
   */
  public static LanternConfig load(Map<String, String> systemProperties, Map<String, String> environment,
      Collection<? extends ConfigKey<?>> keys, Consumer<ConfigWarning> warnings) {
    Map<String, String> sys = systemProperties == null ? Collections.<String, String>emptyMap() : systemProperties;
    Map<String, String> env = environment == null ? Collections.<String, String>emptyMap() : environment;
    Consumer<ConfigWarning> out = warnings == null ? w -> { } : warnings;

    Map<String, String> props = new HashMap<>();
    for (Map.Entry<String, String> e : sys.entrySet()) {
      if (e.getKey() != null && e.getKey().startsWith(PREFIX) && e.getValue() != null) {
        props.put(e.getKey(), e.getValue());
      }
    }
    Map<String, String> envs = new HashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey() != null && e.getKey().startsWith(ENV_PREFIX) && e.getValue() != null) {
        envs.put(e.getKey(), e.getValue());
      }
    }
    String file = nonBlank(props.get(CONFIG_FILE.name()));
    if (file == null) {
      file = nonBlank(envs.get(CONFIG_FILE.envName()));
    }
    Map<String, String> fileProps =
        file == null ? Collections.<String, String>emptyMap() : readFile(file, out);
    return new LanternConfig(new Source(props, envs, fileProps), file, sys, env,
        keys == null ? Collections.<ConfigKey<?>>emptyList() : keys, out);
  }

  private LanternConfig(Source src, String file, Map<String, String> sys, Map<String, String> env,
      Collection<? extends ConfigKey<?>> keys, Consumer<ConfigWarning> warnings) {
    this.source = src;
    this.warnings = warnings;

    String name = src.get(SERVICE_NAME.name());
    if (name == null) {
      name = nonBlank(sys.get(OTEL_SERVICE_NAME_PROPERTY));
    }
    if (name == null) {
      name = nonBlank(env.get(OTEL_SERVICE_NAME_ENV));
    }
    if (name == null) {
      name = serviceNameFromCommand(sys.get("sun.java.command"));
    }
    this.serviceName = name;
    // the two keys not read by the usual precedence
    values.put(CONFIG_FILE, file == null ? NULL : file);
    values.put(SERVICE_NAME, name);

    for (ConfigKey<?> key : KEYS) {
      get(key);
    }
    for (ConfigKey<?> key : keys) {
      get(key);
    }
    checkInstrumentationFlags(src, warnings);
  }

  // ---------------------------------------------------------------- values

  /**
   * The value of {@code key}: its default when set nowhere or unusable (the latter warned about
   * once). Parsed on the first call for this key object (while loading, for the keys loading was
   * given), cached afterwards.
   */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    Object v = values.get(key);
    if (v == null) {
      v = values.computeIfAbsent(key, k -> {
        Object parsed = k.resolve(source.get(k.name()), warnings);
        return parsed == null ? NULL : parsed;
      });
    }
    return v == NULL ? null : (T) v;
  }

  /**
   * Reports a problem with what a key names (a file it points to, say) as one {@code
   * config_warning}, through the same sink as the keys' own.
   */
  public void report(ConfigWarning warning) {
    warnings.accept(warning);
  }

  public String serviceName() {
    return serviceName;
  }

  /** Null when unset. */
  public String serviceVersion() {
    return get(SERVICE_VERSION);
  }

  /** Null when unset. */
  public String deploymentEnvironment() {
    return get(DEPLOYMENT_ENVIRONMENT);
  }

  public boolean metricsEnabled() {
    return get(METRICS_ENABLED);
  }

  public String metricsHost() {
    return get(METRICS_HOST);
  }

  public int metricsPort() {
    return get(METRICS_PORT);
  }

  /** Null when unset. */
  public String metricsUsername() {
    return get(METRICS_USERNAME);
  }

  /** Null when unset. */
  public String metricsPassword() {
    return get(METRICS_PASSWORD);
  }

  public int maxSeries() {
    return get(METRICS_MAX_SERIES);
  }

  public EventLogTarget logTarget() {
    return get(LOG_TARGET);
  }

  public String logFile() {
    return get(LOG_FILE);
  }

  public long logMaxFileSizeBytes() {
    return get(LOG_MAX_FILE_SIZE);
  }

  public int logMaxFiles() {
    return get(LOG_MAX_FILES);
  }

  public Level logLevel() {
    return get(LOG_LEVEL);
  }

  public int logQueueSize() {
    return get(LOG_QUEUE_SIZE);
  }

  public TracesExporter tracesExporter() {
    return get(TRACES_EXPORTER);
  }

  public String tracesOtlpEndpoint() {
    return get(TRACES_OTLP_ENDPOINT);
  }

  public long tracesOtlpTimeoutMillis() {
    return get(TRACES_OTLP_TIMEOUT_MS);
  }

  public double tracesSamplerRatio() {
    return get(TRACES_SAMPLER_RATIO);
  }

  /**
   * {@code lantern.instrumentation.<moduleName>.enabled}, default true. An unparsable value counts
   * as true (its warning was reported by {@link #load}).
   */
  public boolean instrumentationEnabled(String moduleName) {
    if (moduleName == null || moduleName.isEmpty()) {
      return true;
    }
    Boolean b = ConfigKey.parseBool(source.get(INSTRUMENTATION_PREFIX + moduleName + INSTRUMENTATION_SUFFIX));
    return b == null || b;
  }

  /** Every value parsed so far, by key name; secrets masked. */
  @Override
  public String toString() {
    TreeMap<String, String> shown = new TreeMap<>();
    for (Map.Entry<ConfigKey<?>, Object> e : values.entrySet()) {
      Object v = e.getValue() == NULL ? null : e.getValue();
      shown.put(e.getKey().name(), e.getKey().isSecret() && v != null ? ConfigKey.MASKED : String.valueOf(v));
    }
    StringJoiner b = new StringJoiner(", ", "LanternConfig{", "}");
    shown.forEach((name, value) -> b.add(name + "=" + value));
    return b.toString();
  }

  // ---------------------------------------------------------------- helpers

  /** {@code lantern.metrics.max-series} -> {@code LANTERN_METRICS_MAX_SERIES}. */
  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Service name from {@code sun.java.command}: the jar's file name without {@code .jar}, or the main
   * class's simple name; {@code unknown_service:java} when neither is known.
   */
  static String serviceNameFromCommand(String command) {
    if (command == null) {
      return UNKNOWN_SERVICE;
    }
    String trimmed = command.trim();
    if (trimmed.isEmpty()) {
      return UNKNOWN_SERVICE;
    }
    String first = trimmed.split("\\s+", 2)[0];
    String name;
    if (first.toLowerCase(Locale.ROOT).endsWith(".jar")) {
      int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
      name = first.substring(slash + 1, first.length() - 4);
    } else {
      int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
      String cls = first.substring(slash + 1);
      name = cls.substring(cls.lastIndexOf('.') + 1);
    }
    return name.isEmpty() ? UNKNOWN_SERVICE : name;
  }

  private static String nonBlank(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }

  private static Map<String, String> readFile(String path, Consumer<ConfigWarning> warnings) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Paths.get(path));
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (Exception | LinkageError e) {
      warnings.accept(new ConfigWarning(CONFIG_FILE.name(), path, ""));
      return Collections.emptyMap();
    }
    Map<String, String> m = new HashMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith(PREFIX)) {
        m.put(k, p.getProperty(k));
      }
    }
    return m;
  }

  /**
   * Reports each {@code lantern.instrumentation.<name>.enabled} whose effective value is not a
   * boolean, once. Environment variables are matched to keys by their environment name; a variable
   * with no matching property or file key is reported as {@code lantern.instrumentation.<name>.enabled}
   * with the variable's middle part in lower case and {@code _} turned into {@code -}.
   */
  private static void checkInstrumentationFlags(Source src, Consumer<ConfigWarning> warnings) {
    List<String> candidates = new ArrayList<>();
    for (String k : new TreeSet<>(src.props.keySet())) {
      if (INSTRUMENTATION_KEY.matcher(k).matches()) {
        candidates.add(k);
      }
    }
    for (String k : new TreeSet<>(src.file.keySet())) {
      if (INSTRUMENTATION_KEY.matcher(k).matches()) {
        candidates.add(k);
      }
    }
    for (String k : new TreeSet<>(src.env.keySet())) {
      Matcher m = INSTRUMENTATION_ENV.matcher(k);
      if (m.matches()) {
        candidates.add(INSTRUMENTATION_PREFIX + m.group(1).toLowerCase(Locale.ROOT).replace('_', '-')
            + INSTRUMENTATION_SUFFIX);
      }
    }
    Set<String> seen = new HashSet<>();
    for (String key : candidates) {
      if (!seen.add(envName(key))) {
        continue;
      }
      String raw = src.get(key);
      if (raw != null && ConfigKey.parseBool(raw) == null) {
        warnings.accept(new ConfigWarning(key, raw, "true"));
      }
    }
  }

  /** The three raw sources, each holding only {@code lantern.*} entries. */
  private static final class Source {
    final Map<String, String> props;
    final Map<String, String> env;
    final Map<String, String> file;

    Source(Map<String, String> props, Map<String, String> env, Map<String, String> file) {
      this.props = props;
      this.env = env;
      this.file = file;
    }

    /** Highest-precedence non-blank value, trimmed; null when set nowhere. */
    String get(String key) {
      String v = nonBlank(props.get(key));
      if (v == null) {
        v = nonBlank(env.get(envName(key)));
      }
      if (v == null) {
        v = nonBlank(file.get(key));
      }
      return v;
    }
  }
}
