package io.lantern.agent.applog;

import io.lantern.agent.config.ConfigKey;
import io.lantern.agent.log.Level;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The keys of application log capture, shared by every logging module (logback, log4j2, JUL):
 * listed by {@link io.lantern.agent.AgentContext#configKeys()}, read once when the first of them
 * installs.
 */
public final class AppLogConfig {
  private AppLogConfig() {}

  public static final ConfigKey<Boolean> CAPTURE = ConfigKey.bool("lantern.logs.capture", false,
      "the application's own log records (logback, log4j2, JUL) as `log` events");
  public static final ConfigKey<Level> CAPTURE_LEVEL = ConfigKey.choice("lantern.logs.capture.level", Level.INFO, "INFO",
      "lowest level of the application's records captured");
  public static final ConfigKey<Integer> MAX_STACKTRACE = ConfigKey.integer("lantern.logs.capture.max-stacktrace", 8000,
      100, 1_000_000, "characters of `exception_stacktrace` kept");

  public static final List<ConfigKey<?>> KEYS = Collections.unmodifiableList(Arrays.<ConfigKey<?>>asList(
      CAPTURE, CAPTURE_LEVEL, MAX_STACKTRACE));
}
