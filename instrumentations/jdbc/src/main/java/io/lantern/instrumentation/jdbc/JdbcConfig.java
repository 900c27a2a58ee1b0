package io.lantern.instrumentation.jdbc;

import io.lantern.agent.config.ConfigKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The JDBC module's keys, read once when the module installs ({@link JdbcInstrumentation#configKeys()}). */
public final class JdbcConfig {
  private JdbcConfig() {}

  public static final ConfigKey<Long> SLOW_QUERY_THRESHOLD_MS = ConfigKey.millis("lantern.jdbc.slow-query-threshold-ms",
      1000, "a statement taking at least this long gives a `db_query` event (`0`: every statement)");
  public static final ConfigKey<Integer> REPEATED_QUERY_THRESHOLD = ConfigKey.integer(
      "lantern.jdbc.repeated-query-threshold", 10, 2, Integer.MAX_VALUE,
      "the N+1 rule: a request running one sanitized statement this many times gives one `db_repeated_query`");

  public static final List<ConfigKey<?>> KEYS = Collections.unmodifiableList(Arrays.<ConfigKey<?>>asList(
      SLOW_QUERY_THRESHOLD_MS, REPEATED_QUERY_THRESHOLD));
}
