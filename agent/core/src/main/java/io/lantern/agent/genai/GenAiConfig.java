package io.lantern.agent.genai;

import io.lantern.agent.config.ConfigKey;
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

  public static final List<ConfigKey<?>> KEYS = Collections.unmodifiableList(Arrays.<ConfigKey<?>>asList(
      CAPTURE_CONTENT, CAPTURE_CONTENT_MAX_LENGTH, PRICES_FILE, PROVIDER_HOSTS));
}
