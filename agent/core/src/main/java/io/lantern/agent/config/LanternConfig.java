package io.lantern.agent.config;

import io.lantern.agent.log.EventLogTarget;
import io.lantern.agent.log.Level;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's whole configuration, read once at start and immutable afterwards.
 *
 * <p>Sources, highest first: system properties {@code lantern.x.y}; environment variables {@code
 * LANTERN_X_Y} (upper case, {@code .} and {@code -} become {@code _}); the properties file named by
 * {@code lantern.config.file}; defaults. A blank value at some level counts as unset there. A value
 * that does not parse or is out of range gives one {@link ConfigWarning} and the default is used;
 * loading never throws.
 */
public final class LanternConfig {

  // Keys
  public static final String CONFIG_FILE = "lantern.config.file";
  public static final String SERVICE_NAME = "lantern.service.name";
  public static final String SERVICE_VERSION = "lantern.service.version";
  public static final String DEPLOYMENT_ENVIRONMENT = "lantern.deployment.environment";
  public static final String METRICS_ENABLED = "lantern.metrics.enabled";
  public static final String METRICS_HOST = "lantern.metrics.host";
  public static final String METRICS_PORT = "lantern.metrics.port";
  public static final String METRICS_USERNAME = "lantern.metrics.username";
  public static final String METRICS_PASSWORD = "lantern.metrics.password";
  public static final String METRICS_MAX_SERIES = "lantern.metrics.max-series";
  public static final String LOG_TARGET = "lantern.log.target";
  public static final String LOG_FILE = "lantern.log.file";
  public static final String LOG_MAX_FILE_SIZE = "lantern.log.max-file-size";
  public static final String LOG_MAX_FILES = "lantern.log.max-files";
  public static final String LOG_LEVEL = "lantern.log.level";
  public static final String LOG_QUEUE_SIZE = "lantern.log.queue-size";
  public static final String TRACES_EXPORTER = "lantern.traces.exporter";
  public static final String TRACES_OTLP_ENDPOINT = "lantern.traces.otlp.endpoint";
  public static final String TRACES_SAMPLER_RATIO = "lantern.traces.sampler.ratio";
  public static final String HTTP_SERVER_TENANT_HEADER = "lantern.http.server.tenant-header";
  public static final String JDBC_SLOW_QUERY_THRESHOLD_MS = "lantern.jdbc.slow-query-threshold-ms";
  public static final String JDBC_REPEATED_QUERY_THRESHOLD = "lantern.jdbc.repeated-query-threshold";
  public static final String GEN_AI_CAPTURE_CONTENT = "lantern.gen-ai.capture-content";
  public static final String GEN_AI_PRICES_FILE = "lantern.gen-ai.prices.file";
  public static final String GEN_AI_CAPTURE_CONTENT_MAX_LENGTH = "lantern.gen-ai.capture-content.max-length";
  /** {@code lantern.instrumentation.<name>.enabled}. */
  public static final String INSTRUMENTATION_PREFIX = "lantern.instrumentation.";

  public static final String INSTRUMENTATION_SUFFIX = ".enabled";

  public static final String OTEL_SERVICE_NAME_PROPERTY = "otel.service.name";
  public static final String OTEL_SERVICE_NAME_ENV = "OTEL_SERVICE_NAME";
  public static final String UNKNOWN_SERVICE = "unknown_service:java";

  // Defaults
  public static final boolean DEFAULT_METRICS_ENABLED = true;
  public static final String DEFAULT_METRICS_HOST = "0.0.0.0";
  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final int DEFAULT_MAX_SERIES = 2000;
  public static final EventLogTarget DEFAULT_LOG_TARGET = EventLogTarget.FILE;
  public static final String DEFAULT_LOG_FILE = "logs/lantern.log";
  public static final String DEFAULT_LOG_MAX_FILE_SIZE = "10MB";
  public static final int DEFAULT_LOG_MAX_FILES = 10;
  public static final Level DEFAULT_LOG_LEVEL = Level.INFO;
  public static final int DEFAULT_LOG_QUEUE_SIZE = 8192;
  public static final TracesExporter DEFAULT_TRACES_EXPORTER = TracesExporter.NONE;
  public static final String DEFAULT_TRACES_OTLP_ENDPOINT = "http://localhost:4318/v1/traces";
  public static final double DEFAULT_TRACES_SAMPLER_RATIO = 1.0;
  public static final long DEFAULT_JDBC_SLOW_QUERY_THRESHOLD_MS = 1000;
  public static final int DEFAULT_JDBC_REPEATED_QUERY_THRESHOLD = 10;
  public static final boolean DEFAULT_GEN_AI_CAPTURE_CONTENT = false;
  public static final int DEFAULT_GEN_AI_CAPTURE_CONTENT_MAX_LENGTH = 1000;

  private static final String PREFIX = "lantern.";
  private static final String ENV_PREFIX = "LANTERN_";
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DECIMAL = Pattern.compile("\\+?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
  private static final Pattern INSTRUMENTATION_KEY =
      Pattern.compile("lantern\\.instrumentation\\.(.+)\\.enabled");
  private static final Pattern INSTRUMENTATION_ENV = Pattern.compile("LANTERN_INSTRUMENTATION_(.+)_ENABLED");

  private final Source source;
  private final String serviceName;
  private final String serviceVersion;
  private final String deploymentEnvironment;
  private final boolean metricsEnabled;
  private final String metricsHost;
  private final int metricsPort;
  private final String metricsUsername;
  private final String metricsPassword;
  private final int maxSeries;
  private final EventLogTarget logTarget;
  private final String logFile;
  private final long logMaxFileSizeBytes;
  private final int logMaxFiles;
  private final Level logLevel;
  private final int logQueueSize;
  private final TracesExporter tracesExporter;
  private final String tracesOtlpEndpoint;
  private final double tracesSamplerRatio;
  private final String httpServerTenantHeader;
  private final long jdbcSlowQueryThresholdMs;
  private final int jdbcRepeatedQueryThreshold;
  private final boolean genAiCaptureContent;
  private final int genAiCaptureContentMaxLength;
  private final String genAiPricesFile;

  /**
   * Reads the configuration. Never throws.
   *
   * @param systemProperties JVM system properties (also the source of {@code sun.java.command})
   * @param environment process environment
   * @param warnings receives one {@link ConfigWarning} per unusable value (may be null)
   */
  public static LanternConfig load(
      Map<String, String> systemProperties, Map<String, String> environment, List<ConfigWarning> warnings) {
    Map<String, String> sys = systemProperties == null ? Collections.<String, String>emptyMap() : systemProperties;
    Map<String, String> env = environment == null ? Collections.<String, String>emptyMap() : environment;
    List<ConfigWarning> out = warnings == null ? new ArrayList<ConfigWarning>() : warnings;

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
    String file = nonBlank(props.get(CONFIG_FILE));
    if (file == null) {
      file = nonBlank(envs.get(envName(CONFIG_FILE)));
    }
    Map<String, String> fileProps =
        file == null ? Collections.<String, String>emptyMap() : readFile(file, out);
    return new LanternConfig(new Source(props, envs, fileProps), sys, env, out);
  }

  private LanternConfig(
      Source src, Map<String, String> sys, Map<String, String> env, List<ConfigWarning> warnings) {
    this.source = src;
    Parser p = new Parser(src, warnings);

    String name = src.get(SERVICE_NAME);
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
    this.serviceVersion = src.get(SERVICE_VERSION);
    this.deploymentEnvironment = src.get(DEPLOYMENT_ENVIRONMENT);

    this.metricsEnabled = p.bool(METRICS_ENABLED, DEFAULT_METRICS_ENABLED);
    this.metricsHost = p.string(METRICS_HOST, DEFAULT_METRICS_HOST);
    this.metricsPort = (int) p.integer(METRICS_PORT, DEFAULT_METRICS_PORT, 0, 65535);
    this.metricsUsername = src.get(METRICS_USERNAME);
    this.metricsPassword = src.get(METRICS_PASSWORD);
    this.maxSeries = (int) p.integer(METRICS_MAX_SERIES, DEFAULT_MAX_SERIES, 1, Integer.MAX_VALUE);

    this.logTarget = p.enumValue(LOG_TARGET, EventLogTarget.class, DEFAULT_LOG_TARGET, "file");
    this.logFile = p.string(LOG_FILE, DEFAULT_LOG_FILE);
    this.logMaxFileSizeBytes = p.size(LOG_MAX_FILE_SIZE, DEFAULT_LOG_MAX_FILE_SIZE);
    this.logMaxFiles = (int) p.integer(LOG_MAX_FILES, DEFAULT_LOG_MAX_FILES, 1, Integer.MAX_VALUE);
    this.logLevel = p.enumValue(LOG_LEVEL, Level.class, DEFAULT_LOG_LEVEL, DEFAULT_LOG_LEVEL.name());
    this.logQueueSize = (int) p.integer(LOG_QUEUE_SIZE, DEFAULT_LOG_QUEUE_SIZE, 16, Integer.MAX_VALUE);

    this.tracesExporter = p.enumValue(TRACES_EXPORTER, TracesExporter.class, DEFAULT_TRACES_EXPORTER, "none");
    this.tracesOtlpEndpoint = p.url(TRACES_OTLP_ENDPOINT, DEFAULT_TRACES_OTLP_ENDPOINT);
    this.tracesSamplerRatio = p.ratio(TRACES_SAMPLER_RATIO, DEFAULT_TRACES_SAMPLER_RATIO, "1.0");

    this.httpServerTenantHeader = src.get(HTTP_SERVER_TENANT_HEADER);
    this.jdbcSlowQueryThresholdMs =
        p.integer(JDBC_SLOW_QUERY_THRESHOLD_MS, DEFAULT_JDBC_SLOW_QUERY_THRESHOLD_MS, 0, Long.MAX_VALUE);
    this.jdbcRepeatedQueryThreshold = (int) p.integer(
        JDBC_REPEATED_QUERY_THRESHOLD, DEFAULT_JDBC_REPEATED_QUERY_THRESHOLD, 2, Integer.MAX_VALUE);
    this.genAiCaptureContent = p.bool(GEN_AI_CAPTURE_CONTENT, DEFAULT_GEN_AI_CAPTURE_CONTENT);
    this.genAiCaptureContentMaxLength = (int) p.integer(
        GEN_AI_CAPTURE_CONTENT_MAX_LENGTH, DEFAULT_GEN_AI_CAPTURE_CONTENT_MAX_LENGTH, 1, 1_000_000);
    this.genAiPricesFile = src.get(GEN_AI_PRICES_FILE);

    checkInstrumentationFlags(src, warnings);
  }

  // ---------------------------------------------------------------- getters

  public String serviceName() {
    return serviceName;
  }

  /** Null when unset. */
  public String serviceVersion() {
    return serviceVersion;
  }

  /** Null when unset. */
  public String deploymentEnvironment() {
    return deploymentEnvironment;
  }

  public boolean metricsEnabled() {
    return metricsEnabled;
  }

  public String metricsHost() {
    return metricsHost;
  }

  public int metricsPort() {
    return metricsPort;
  }

  /** Null when unset. */
  public String metricsUsername() {
    return metricsUsername;
  }

  /** Null when unset. */
  public String metricsPassword() {
    return metricsPassword;
  }

  public int maxSeries() {
    return maxSeries;
  }

  public EventLogTarget logTarget() {
    return logTarget;
  }

  public String logFile() {
    return logFile;
  }

  public long logMaxFileSizeBytes() {
    return logMaxFileSizeBytes;
  }

  public int logMaxFiles() {
    return logMaxFiles;
  }

  public Level logLevel() {
    return logLevel;
  }

  public int logQueueSize() {
    return logQueueSize;
  }

  public TracesExporter tracesExporter() {
    return tracesExporter;
  }

  public String tracesOtlpEndpoint() {
    return tracesOtlpEndpoint;
  }

  public double tracesSamplerRatio() {
    return tracesSamplerRatio;
  }

  /** Null when unset. */
  public String httpServerTenantHeader() {
    return httpServerTenantHeader;
  }

  public long jdbcSlowQueryThresholdMs() {
    return jdbcSlowQueryThresholdMs;
  }

  public int jdbcRepeatedQueryThreshold() {
    return jdbcRepeatedQueryThreshold;
  }

  public boolean genAiCaptureContent() {
    return genAiCaptureContent;
  }

  /** Characters of prompt or completion text kept in a {@code gen_ai_call} event when capture is on. */
  public int genAiCaptureContentMaxLength() {
    return genAiCaptureContentMaxLength;
  }

  /** Null when unset. */
  public String genAiPricesFile() {
    return genAiPricesFile;
  }

  /**
   * {@code lantern.instrumentation.<moduleName>.enabled}, default true. An unparsable value counts
   * as true (its warning was reported by {@link #load}).
   */
  public boolean instrumentationEnabled(String moduleName) {
    if (moduleName == null || moduleName.isEmpty()) {
      return true;
    }
    Boolean b = parseBool(source.get(INSTRUMENTATION_PREFIX + moduleName + INSTRUMENTATION_SUFFIX));
    return b == null || b;
  }

  /**
   * The effective raw (trimmed) value of a {@code lantern.*} key after precedence, or null when it
   * is set nowhere. Defaults are not applied. Keys outside {@code lantern.*} give null.
   */
  public String get(String key) {
    if (key == null || !key.startsWith(PREFIX)) {
      return null;
    }
    return source.get(key);
  }

  @Override
  public String toString() {
    return "LanternConfig{serviceName=" + serviceName
        + ", serviceVersion=" + serviceVersion
        + ", deploymentEnvironment=" + deploymentEnvironment
        + ", metricsEnabled=" + metricsEnabled
        + ", metricsHost=" + metricsHost
        + ", metricsPort=" + metricsPort
        + ", metricsUsername=" + metricsUsername
        + ", metricsPassword=" + (metricsPassword == null ? "null" : "***")
        + ", maxSeries=" + maxSeries
        + ", logTarget=" + logTarget
        + ", logFile=" + logFile
        + ", logMaxFileSizeBytes=" + logMaxFileSizeBytes
        + ", logMaxFiles=" + logMaxFiles
        + ", logLevel=" + logLevel
        + ", logQueueSize=" + logQueueSize
        + ", tracesExporter=" + tracesExporter
        + ", tracesOtlpEndpoint=" + tracesOtlpEndpoint
        + ", tracesSamplerRatio=" + tracesSamplerRatio
        + ", httpServerTenantHeader=" + httpServerTenantHeader
        + ", jdbcSlowQueryThresholdMs=" + jdbcSlowQueryThresholdMs
        + ", jdbcRepeatedQueryThreshold=" + jdbcRepeatedQueryThreshold
        + ", genAiCaptureContent=" + genAiCaptureContent
        + ", genAiCaptureContentMaxLength=" + genAiCaptureContentMaxLength
        + ", genAiPricesFile=" + genAiPricesFile
        + "}";
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

  /** Bytes from {@code 1024}, {@code 512KB}, {@code 10MB}, {@code 1gb} (binary multiples); -1 if invalid. */
  static long parseSize(String raw) {
    if (raw == null) {
      return -1;
    }
    Matcher m = SIZE.matcher(raw.trim());
    if (!m.matches()) {
      return -1;
    }
    try {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
      long mult;
      switch (unit) {
        case "kb":
          mult = 1024L;
          break;
        case "mb":
          mult = 1024L * 1024;
          break;
        case "gb":
          mult = 1024L * 1024 * 1024;
          break;
        default:
          mult = 1;
      }
      return Math.multiplyExact(n, mult);
    } catch (ArithmeticException | NumberFormatException e) {
      return -1;
    }
  }

  private static Boolean parseBool(String raw) {
    if (raw == null) {
      return null;
    }
    if (raw.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (raw.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    return null;
  }

  private static String nonBlank(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }

  private static Map<String, String> readFile(String path, List<ConfigWarning> warnings) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Paths.get(path));
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (Exception | LinkageError e) {
      warnings.add(new ConfigWarning(CONFIG_FILE, path, ""));
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
  private static void checkInstrumentationFlags(Source src, List<ConfigWarning> warnings) {
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
      if (raw != null && parseBool(raw) == null) {
        warnings.add(new ConfigWarning(key, raw, "true"));
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

  /** Typed reads that fall back to the default and report a warning. */
  private static final class Parser {
    private final Source src;
    private final List<ConfigWarning> warnings;

    Parser(Source src, List<ConfigWarning> warnings) {
      this.src = src;
      this.warnings = warnings;
    }

    private void warn(String key, String raw, String def) {
      warnings.add(new ConfigWarning(key, raw, def));
    }

    String string(String key, String def) {
      String raw = src.get(key);
      return raw == null ? def : raw;
    }

    boolean bool(String key, boolean def) {
      String raw = src.get(key);
      if (raw == null) {
        return def;
      }
      Boolean b = parseBool(raw);
      if (b == null) {
        warn(key, raw, String.valueOf(def));
        return def;
      }
      return b;
    }

    long integer(String key, long def, long min, long max) {
      String raw = src.get(key);
      if (raw == null) {
        return def;
      }
      if (INTEGER.matcher(raw).matches()) {
        long v = Long.parseLong(raw);
        if (v >= min && v <= max) {
          return v;
        }
      }
      warn(key, raw, String.valueOf(def));
      return def;
    }

    double ratio(String key, double def, String defString) {
      String raw = src.get(key);
      if (raw == null) {
        return def;
      }
      if (DECIMAL.matcher(raw).matches()) {
        try {
          double v = Double.parseDouble(raw);
          if (v >= 0.0 && v <= 1.0) {
            return v;
          }
        } catch (NumberFormatException ignored) {
          // falls through to the warning
        }
      }
      warn(key, raw, defString);
      return def;
    }

    long size(String key, String defRaw) {
      long def = parseSize(defRaw);
      String raw = src.get(key);
      if (raw == null) {
        return def;
      }
      long v = parseSize(raw);
      if (v < 1) {
        warn(key, raw, defRaw);
        return def;
      }
      return v;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E def, String defString) {
      String raw = src.get(key);
      if (raw == null) {
        return def;
      }
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(raw)) {
          return e;
        }
      }
      warn(key, raw, defString);
      return def;
    }

    String url(String key, String def) {
      String raw = src.get(key);
      if (raw == null) {
        return def;
      }
      try {
        URI u = new URI(raw);
        String scheme = u.getScheme();
        if (scheme != null
            && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
            && u.getHost() != null) {
          return raw;
        }
      } catch (Exception ignored) {
        // falls through to the warning
      }
      warn(key, raw, def);
      return def;
    }
  }
}
