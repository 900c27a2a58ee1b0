package io.lantern.instrumentation.jdbc;

import static io.lantern.agent.config.ConfigFixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lantern.agent.config.ConfigFixture;
import io.lantern.agent.config.ConfigWarning;
import io.lantern.agent.config.LanternConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JDBC module's keys, read the way the agent reads them: declared through {@link JdbcInstrumentation#configKeys()}. */
class JdbcConfigTest {
  private final List<ConfigWarning> warnings = new ArrayList<>();

  private LanternConfig load(Map<String, String> props, Map<String, String> env) {
    return LanternConfig.load(props, env, new JdbcInstrumentation().configKeys(), warnings::add);
  }

  @Test
  void defaults() {
    LanternConfig c = load(map(), map());
    assertEquals(1000L, c.get(JdbcConfig.SLOW_QUERY_THRESHOLD_MS));
    assertEquals(10, c.get(JdbcConfig.REPEATED_QUERY_THRESHOLD));
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void fromPropertiesAndEnvironment() {
    LanternConfig c = load(map("lantern.jdbc.repeated-query-threshold", "2"),
        map("LANTERN_JDBC_SLOW_QUERY_THRESHOLD_MS", "250"));
    assertEquals(250L, c.get(JdbcConfig.SLOW_QUERY_THRESHOLD_MS));
    assertEquals(2, c.get(JdbcConfig.REPEATED_QUERY_THRESHOLD));
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void zeroSlowQueryThresholdIsAccepted() {
    assertEquals(0L, load(map("lantern.jdbc.slow-query-threshold-ms", "0"), map()).get(JdbcConfig.SLOW_QUERY_THRESHOLD_MS));
    assertEquals(Collections.emptyList(), warnings);
  }

  @ParameterizedTest
  @CsvSource({
      "lantern.jdbc.slow-query-threshold-ms, -1, 1000",
      "lantern.jdbc.slow-query-threshold-ms, 1s, 1000",
      "lantern.jdbc.repeated-query-threshold, 1, 10",
  })
  void badValueGivesExactlyOneWarningAndTheDefault(String key, String raw, String def) {
    ConfigFixture.assertBadValueWarnsOnceAndGivesTheDefault(JdbcConfig.KEYS, key, raw, def);
  }
}
