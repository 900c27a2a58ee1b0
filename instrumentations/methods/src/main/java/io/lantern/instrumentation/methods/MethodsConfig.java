package io.lantern.instrumentation.methods;

import io.lantern.agent.config.ConfigKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The methods module's keys, read once when it installs ({@link MethodsInstrumentation#configKeys()}). */
public final class MethodsConfig {
  private MethodsConfig() {}

  public static final ConfigKey<String> INCLUDE = ConfigKey.string("lantern.methods.include", null,
      "methods measured as operations, `com.acme.Trader[decide,execute];com.acme.RiskCheck[check]`");
  public static final ConfigKey<Boolean> WITH_SPAN_ENABLED = ConfigKey.bool("lantern.methods.with-span.enabled", true,
      "methods annotated with OpenTelemetry's `@WithSpan` are measured");
  public static final ConfigKey<Long> SLOW_THRESHOLD_MS = ConfigKey.of("lantern.methods.slow-threshold-ms", null, null,
      raw -> {
        try {
          long v = Long.parseLong(raw);
          return v < 0 ? null : v;
        } catch (NumberFormatException e) {
          return null;
        }
      }, "a measured call taking at least this long gives a `method_call` event");

  public static final List<ConfigKey<?>> KEYS = Collections.unmodifiableList(Arrays.<ConfigKey<?>>asList(
      INCLUDE, WITH_SPAN_ENABLED, SLOW_THRESHOLD_MS));
}
