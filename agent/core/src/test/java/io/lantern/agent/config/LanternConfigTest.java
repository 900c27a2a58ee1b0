package io.lantern.agent.config;

import static io.lantern.agent.config.ConfigFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.AgentContext;
import io.lantern.agent.genai.GenAiConfig;
import io.lantern.agent.http.HttpServerConfig;
import io.lantern.agent.log.EventLogTarget;
import io.lantern.agent.log.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The global keys, and the domain keys core declares (the JDBC module's are tested there: JdbcConfigTest). */
class LanternConfigTest {

  @TempDir Path tmp;

  private final List<ConfigWarning> warnings = new ArrayList<>();

  private LanternConfig load(Map<String, String> props, Map<String, String> env) {
    return LanternConfig.load(props, env, AgentContext.configKeys(), warnings::add);
  }

  private Path file(String content) throws IOException {
    Path f = tmp.resolve("lantern.properties");
    Files.write(f, content.getBytes(StandardCharsets.UTF_8));
    return f;
  }

  @Test
  void defaults() {
    LanternConfig c = load(map(), map());
    assertEquals("unknown_service:java", c.serviceName());
    assertNull(c.serviceVersion());
    assertNull(c.deploymentEnvironment());
    assertTrue(c.metricsEnabled());
    assertEquals("0.0.0.0", c.metricsHost());
    assertEquals(9464, c.metricsPort());
    assertNull(c.metricsUsername());
    assertNull(c.metricsPassword());
    assertEquals(2000, c.maxSeries());
    assertEquals(EventLogTarget.FILE, c.logTarget());
    assertEquals("logs/lantern.log", c.logFile());
    assertEquals(10L * 1024 * 1024, c.logMaxFileSizeBytes());
    assertEquals(10, c.logMaxFiles());
    assertEquals(Level.INFO, c.logLevel());
    assertEquals(8192, c.logQueueSize());
    assertEquals(TracesExporter.NONE, c.tracesExporter());
    assertEquals("http://localhost:4318/v1/traces", c.tracesOtlpEndpoint());
    assertEquals(1.0, c.tracesSamplerRatio());
    assertTrue(c.instrumentationEnabled("servlet"));
    assertNull(c.get(HttpServerConfig.TENANT_HEADER));
    assertFalse(c.get(GenAiConfig.CAPTURE_CONTENT));
    assertEquals(1000, c.get(GenAiConfig.CAPTURE_CONTENT_MAX_LENGTH));
    assertNull(c.get(GenAiConfig.PRICES_FILE));
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void nullArgumentsAreTolerated() {
    LanternConfig c = LanternConfig.load(null, null, null);
    assertEquals(9464, c.metricsPort());
  }

  @Test
  void precedencePropOverEnvOverFileOverDefault() throws IOException {
    Path f = file("lantern.metrics.port=1111\n"
        + "lantern.metrics.max-series=3333\n"
        + "lantern.log.max-files=4\n"
        + "lantern.service.version=from-file\n");
    Map<String, String> props = map(
        "lantern.config.file", f.toString(),
        "lantern.metrics.port", "2222");
    Map<String, String> env = map(
        "LANTERN_METRICS_PORT", "3333",
        "LANTERN_METRICS_MAX_SERIES", "4444");
    LanternConfig c = load(props, env);
    assertEquals(2222, c.metricsPort()); // prop beats env and file
    assertEquals(4444, c.maxSeries()); // env beats file
    assertEquals(4, c.logMaxFiles()); // file beats default
    assertEquals("from-file", c.serviceVersion());
    assertEquals(8192, c.logQueueSize()); // default
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void configFileNamedByEnvironment() throws IOException {
    Path f = file("lantern.log.level=debug\nlantern.some.future.key = hello \n");
    LanternConfig c = load(map(), map("LANTERN_CONFIG_FILE", f.toString()));
    assertEquals(Level.DEBUG, c.logLevel());
    assertEquals("hello", c.get(ConfigKey.string("lantern.some.future.key", null, "a key no one declared")));
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void configFilePropertyBeatsEnvironment() throws IOException {
    Path f = file("lantern.log.max-files=7\n");
    LanternConfig c = load(
        map("lantern.config.file", f.toString()),
        map("LANTERN_CONFIG_FILE", tmp.resolve("missing.properties").toString()));
    assertEquals(7, c.logMaxFiles());
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void unreadableConfigFileGivesOneWarning() {
    String missing = tmp.resolve("nope.properties").toString();
    LanternConfig c = load(map("lantern.config.file", missing), map());
    assertEquals(9464, c.metricsPort());
    assertEquals(Collections.singletonList(new ConfigWarning("lantern.config.file", missing, "")), warnings);
  }

  @Test
  void envNameMapping() {
    assertEquals("LANTERN_METRICS_MAX_SERIES", LanternConfig.envName("lantern.metrics.max-series"));
    assertEquals("LANTERN_GEN_AI_PRICES_FILE", LanternConfig.envName("lantern.gen-ai.prices.file"));
    LanternConfig c = load(map(), map(
        "LANTERN_METRICS_MAX_SERIES", "17",
        "LANTERN_HTTP_SERVER_TENANT_HEADER", "X-Tenant",
        "LANTERN_GEN_AI_CAPTURE_CONTENT", "TRUE"));
    assertEquals(17, c.maxSeries());
    assertEquals("X-Tenant", c.get(HttpServerConfig.TENANT_HEADER));
    assertTrue(c.get(GenAiConfig.CAPTURE_CONTENT));
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void blankValueCountsAsUnset() {
    LanternConfig c = load(map("lantern.metrics.port", "  "), map("LANTERN_METRICS_PORT", "1234"));
    assertEquals(1234, c.metricsPort());
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void valuesAreTrimmedAndCaseInsensitive() {
    LanternConfig c = load(map(
        "lantern.metrics.port", " 8080 ",
        "lantern.log.target", "StdOut",
        "lantern.log.level", "warn",
        "lantern.traces.exporter", "OTLP",
        "lantern.metrics.enabled", "FALSE"), map());
    assertEquals(8080, c.metricsPort());
    assertEquals(EventLogTarget.STDOUT, c.logTarget());
    assertEquals(Level.WARN, c.logLevel());
    assertEquals(TracesExporter.OTLP, c.tracesExporter());
    assertFalse(c.metricsEnabled());
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void allTypedValuesFromProperties() {
    LanternConfig c = load(map(
        "lantern.service.name", "orders",
        "lantern.service.version", "1.2.3",
        "lantern.deployment.environment", "prod",
        "lantern.metrics.host", "127.0.0.1",
        "lantern.metrics.username", "u",
        "lantern.metrics.password", "secret",
        "lantern.log.file", "/var/log/x.log",
        "lantern.log.queue-size", "16",
        "lantern.traces.otlp.endpoint", "https://collector:4318/v1/traces",
        "lantern.traces.sampler.ratio", "0.25",
        "lantern.gen-ai.capture-content.max-length", "200",
        "lantern.gen-ai.prices.file", "prices.json"), map());
    assertEquals("orders", c.serviceName());
    assertEquals("1.2.3", c.serviceVersion());
    assertEquals("prod", c.deploymentEnvironment());
    assertEquals("127.0.0.1", c.metricsHost());
    assertEquals("u", c.metricsUsername());
    assertEquals("secret", c.metricsPassword());
    assertEquals("/var/log/x.log", c.logFile());
    assertEquals(16, c.logQueueSize());
    assertEquals("https://collector:4318/v1/traces", c.tracesOtlpEndpoint());
    assertEquals(0.25, c.tracesSamplerRatio());
    assertEquals("prices.json", c.get(GenAiConfig.PRICES_FILE));
    assertEquals(200, c.get(GenAiConfig.CAPTURE_CONTENT_MAX_LENGTH));
    assertFalse(c.toString().contains("secret"));
    assertEquals(Collections.emptyList(), warnings);
  }

  // ------------------------------------------------------------ service name

  @Test
  void lanternServiceNameBeatsOtel() {
    LanternConfig c = load(
        map("otel.service.name", "otel-prop", "sun.java.command", "a.B"),
        map("LANTERN_SERVICE_NAME", "lantern-env", "OTEL_SERVICE_NAME", "otel-env"));
    assertEquals("lantern-env", c.serviceName());
  }

  @Test
  void lanternServiceNameFromFileBeatsOtel() throws IOException {
    Path f = file("lantern.service.name=from-file\n");
    LanternConfig c = load(
        map("lantern.config.file", f.toString(), "otel.service.name", "otel-prop"),
        map("OTEL_SERVICE_NAME", "otel-env"));
    assertEquals("from-file", c.serviceName());
  }

  @Test
  void otelServiceNamePropertyThenEnv() {
    assertEquals("otel-prop", load(
        map("otel.service.name", "otel-prop", "sun.java.command", "a.B"),
        map("OTEL_SERVICE_NAME", "otel-env")).serviceName());
    assertEquals("otel-env", load(
        map("sun.java.command", "a.B"),
        map("OTEL_SERVICE_NAME", "otel-env")).serviceName());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/x/y/app.jar --flag | app",
      "app.jar | app",
      "C:\\apps\\billing.JAR | billing",
      "com.acme.Main arg | Main",
      "com.acme.Main | Main",
      "Main | Main",
      "'' | unknown_service:java",
      "'   ' | unknown_service:java",
  })
  void serviceNameFromCommand(String command, String expected) {
    assertEquals(expected, load(map("sun.java.command", command), map()).serviceName());
  }

  @Test
  void serviceNameAndConfigFileKeysGiveWhatLoadingResolved() throws IOException {
    Path f = file("lantern.config.file=elsewhere.properties\n");
    LanternConfig c = load(map("otel.service.name", "otel-prop", "lantern.config.file", f.toString()), map());
    assertEquals("otel-prop", c.get(LanternConfig.SERVICE_NAME));
    assertEquals(f.toString(), c.get(LanternConfig.CONFIG_FILE));
    assertNull(load(map(), map()).get(LanternConfig.CONFIG_FILE));
  }

  @Test
  void serviceNameWithoutCommand() {
    assertEquals("unknown_service:java", load(map(), map()).serviceName());
  }

  // ------------------------------------------------------------ sizes

  @ParameterizedTest
  @CsvSource({
      "10MB, 10485760",
      "512KB, 524288",
      "1024, 1024",
      "1gb, 1073741824",
      "2 mb, 2097152",
      "7b, 7",
  })
  void sizeParsing(String raw, long expected) {
    assertEquals(expected, ConfigKey.parseSize(raw));
    LanternConfig c = load(map("lantern.log.max-file-size", raw), map());
    assertEquals(expected, c.logMaxFileSizeBytes());
    assertEquals(Collections.emptyList(), warnings);
  }

  // ------------------------------------------------------------ bad values

  @ParameterizedTest
  @CsvSource({
      "lantern.metrics.enabled, yes, true",
      "lantern.metrics.enabled, 1, true",
      "lantern.metrics.port, 65536, 9464",
      "lantern.metrics.port, -1, 9464",
      "lantern.metrics.port, http, 9464",
      "lantern.metrics.max-series, 0, 2000",
      "lantern.metrics.max-series, 99999999999999999999, 2000",
      "lantern.log.target, syslog, file",
      "lantern.log.max-file-size, 10TB, 10MB",
      "lantern.log.max-file-size, 0, 10MB",
      "lantern.log.max-file-size, -5MB, 10MB",
      "lantern.log.max-files, 0, 10",
      "lantern.log.level, VERBOSE, INFO",
      "lantern.log.queue-size, 15, 8192",
      "lantern.traces.exporter, zipkin, none",
      "lantern.traces.otlp.endpoint, localhost:4318, http://localhost:4318/v1/traces",
      "lantern.traces.sampler.ratio, 1.5, 1.0",
      "lantern.traces.sampler.ratio, NaN, 1.0",
      "lantern.traces.sampler.ratio, half, 1.0",
      "lantern.gen-ai.capture-content, on, false",
      "lantern.gen-ai.capture-content.max-length, 0, 1000",
      "lantern.gen-ai.capture-content.max-length, 1k, 1000",
  })
  void badValueGivesExactlyOneWarningAndTheDefault(String key, String raw, String def) {
    ConfigFixture.assertBadValueWarnsOnceAndGivesTheDefault(AgentContext.configKeys(), key, raw, def);
  }

  @Test
  void badValuesFromFileWarnToo() throws IOException {
    Path f = file("lantern.metrics.port=abc\nlantern.log.max-files=x\n");
    LanternConfig c = load(map("lantern.config.file", f.toString()), map());
    assertEquals(9464, c.metricsPort());
    assertEquals(10, c.logMaxFiles());
    assertEquals(2, warnings.size());
    assertTrue(warnings.contains(new ConfigWarning("lantern.metrics.port", "abc", "9464")));
    assertTrue(warnings.contains(new ConfigWarning("lantern.log.max-files", "x", "10")));
  }

  @Test
  void shadowedBadValueDoesNotWarn() {
    LanternConfig c = load(map("lantern.metrics.port", "9000"), map("LANTERN_METRICS_PORT", "bad"));
    assertEquals(9000, c.metricsPort());
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void boundaryValuesAreAccepted() {
    LanternConfig c = load(map(
        "lantern.metrics.port", "0",
        "lantern.metrics.max-series", "1",
        "lantern.log.max-files", "1",
        "lantern.traces.sampler.ratio", "0"), map());
    assertEquals(0, c.metricsPort());
    assertEquals(1, c.maxSeries());
    assertEquals(1, c.logMaxFiles());
    assertEquals(0.0, c.tracesSamplerRatio());
    assertEquals(Collections.emptyList(), warnings);
    assertEquals(65535, load(map("lantern.metrics.port", "65535"), map()).metricsPort());
  }

  // ------------------------------------------------------------ instrumentation flags

  @Test
  void perInstrumentationFlags() throws IOException {
    Path f = file("lantern.instrumentation.jdbc.enabled=false\n"
        + "lantern.instrumentation.servlet.enabled=false\n");
    LanternConfig c = load(
        map("lantern.config.file", f.toString(),
            "lantern.instrumentation.servlet.enabled", "TRUE",
            "lantern.instrumentation.openai.enabled", "false"),
        map("LANTERN_INSTRUMENTATION_JDK_HTTPSERVER_ENABLED", "false"));
    assertFalse(c.instrumentationEnabled("jdbc")); // file
    assertTrue(c.instrumentationEnabled("servlet")); // prop beats file
    assertFalse(c.instrumentationEnabled("openai")); // prop
    assertFalse(c.instrumentationEnabled("jdk-httpserver")); // env, '-' -> '_'
    assertTrue(c.instrumentationEnabled("jetty")); // default
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void badInstrumentationFlagWarnsOnceAndStaysEnabled() {
    LanternConfig c = load(
        map("lantern.instrumentation.jdbc.enabled", "nope"),
        map("LANTERN_INSTRUMENTATION_JDBC_ENABLED", "false",
            "LANTERN_INSTRUMENTATION_JDK_HTTPSERVER_ENABLED", "0"));
    assertTrue(c.instrumentationEnabled("jdbc"));
    assertTrue(c.instrumentationEnabled("jdk-httpserver"));
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.contains(new ConfigWarning("lantern.instrumentation.jdbc.enabled", "nope", "true")));
    assertTrue(warnings.contains(
        new ConfigWarning("lantern.instrumentation.jdk-httpserver.enabled", "0", "true")));
  }

  @Test
  void onlyLanternKeysCanBeRead() {
    assertThrows(IllegalArgumentException.class, () -> ConfigKey.string("otel.service.name", null, "not ours"));
    assertThrows(IllegalArgumentException.class, () -> ConfigKey.string(null, null, "no name"));
    assertThrows(IllegalArgumentException.class, () -> ConfigKey.string("lantern.", null, "no name"));
  }

  // ------------------------------------------------------------ ConfigWarning

  @Test
  void configWarningValueSemantics() {
    ConfigWarning a = new ConfigWarning("k", "v", "d");
    assertEquals(a, new ConfigWarning("k", "v", "d"));
    assertEquals(a.hashCode(), new ConfigWarning("k", "v", "d").hashCode());
    assertNotEquals(a, new ConfigWarning("k", "v", "e"));
    assertEquals("k", a.key());
    assertEquals("v", a.value());
    assertEquals("d", a.defaultValue());
    assertTrue(a.toString().contains("k") && a.toString().contains("v") && a.toString().contains("d"));
  }
}
