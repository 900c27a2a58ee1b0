package io.lantern.agent.genai;

import io.lantern.agent.config.ConfigKey;
import io.lantern.agent.config.LanternConfig;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The keys the AI-client domain reads, for every AI SDK module alike. */
public final class GenAiConfig {
  private GenAiConfig() {}

  public static final ConfigKey<Boolean> CAPTURE_CONTENT = ConfigKey.bool("lantern.gen-ai.capture-content", false,
      "prompt and completion text in `gen_ai_call` events");
  /** Characters of prompt or completion text kept in a {@code gen_ai_call} event when capture is on. */
  public static final ConfigKey<Integer> CAPTURE_CONTENT_MAX_LENGTH = ConfigKey.integer(
      "lantern.gen-ai.capture-content.max-length", 1000, 1, 1_000_000, "characters of each captured text kept");
  /** A CSV of per-model token prices over the built-in table ({@link GenAiPrices}). */
  public static final ConfigKey<String> PRICES_FILE = ConfigKey.string("lantern.gen-ai.prices.file", null,
      "a CSV of per-model token prices that overrides the built-in dated table");

  /** {@code host[:port]=provider} pairs over the built-in host table ({@link GenAiHosts}). */
  public static final ConfigKey<GenAiHosts> PROVIDER_HOSTS = ConfigKey.of("lantern.gen-ai.provider-hosts",
      GenAiHosts.NONE, null, GenAiHosts::parse,
      "`host[:port]=provider` pairs, comma-separated: the `gen_ai_provider_name` of a self-hosted OpenAI- or Anthropic-compatible server");

  /**
   * {@code default} or {@code latest} ({@link GenAiSemconv}); unset by default, then OpenTelemetry's
   * {@code OTEL_SEMCONV_STABILITY_OPT_IN} decides ({@link GenAiSemconv#resolve}).
   */
  public static final ConfigKey<GenAiSemconv> SEMCONV = ConfigKey.of("lantern.gen-ai.semconv", null, "default",
      GenAiSemconv::parse, "`default` (today's GenAI metric names) or `latest` (semantic-conventions-genai v0.1.0)");

  public static final List<ConfigKey<?>> KEYS = Collections.unmodifiableList(Arrays.<ConfigKey<?>>asList(
      CAPTURE_CONTENT, CAPTURE_CONTENT_MAX_LENGTH, PRICES_FILE, PROVIDER_HOSTS, SEMCONV));

  /** The names to emit: {@link #SEMCONV}, else OpenTelemetry's opt-in from this JVM's system properties and environment. */
  public static GenAiSemconv semconv(LanternConfig config) {
    return GenAiSemconv.resolve(config.get(SEMCONV), System.getProperty(GenAiSemconv.OPT_IN_PROPERTY),
        System.getenv(GenAiSemconv.OPT_IN_ENV));
  }
}
