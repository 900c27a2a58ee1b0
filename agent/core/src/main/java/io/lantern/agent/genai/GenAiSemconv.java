package io.lantern.agent.genai;

import io.lantern.agent.Names;
import java.util.Locale;

/**
 * Which GenAI metric and span names the agent emits, chosen once at start-up ({@code
 * lantern.gen-ai.semconv}): {@link #DEFAULT} keeps the names of semconv v1.41 (contract section
 * 3); {@link #LATEST} emits those of the conventions' own repository (semantic-conventions-genai
 * v0.1.0, on semconv 1.45) instead. The names are fixed in final fields of {@link GenAiMetrics}
 * and {@link GenAiCall}'s span description: nothing is decided per call.
 */
public enum GenAiSemconv {
  DEFAULT,
  LATEST;

  /** OpenTelemetry's switch, a comma-separated list; this entry asks for the latest GenAI conventions. */
  public static final String OPT_IN_PROPERTY = "otel.semconv-stability.opt-in";
  public static final String OPT_IN_ENV = "OTEL_SEMCONV_STABILITY_OPT_IN";
  public static final String OPT_IN_GEN_AI_LATEST = "gen_ai_latest_experimental";

  /** {@code default} or {@code latest}, any case; anything else is not a value (null). */
  static GenAiSemconv parse(String raw) {
    String v = raw.trim().toLowerCase(Locale.ROOT);
    return v.equals("default") ? DEFAULT : v.equals("latest") ? LATEST : null;
  }

  /**
   * The names to use. Precedence: {@code lantern.gen-ai.semconv} when set (in any Lantern source)
   * and valid; else OpenTelemetry's opt-in list, the system property {@value #OPT_IN_PROPERTY} when
   * set, else the environment variable {@value #OPT_IN_ENV}: {@link #LATEST} when it lists {@value
   * #OPT_IN_GEN_AI_LATEST}; else {@link #DEFAULT}.
   *
   * @param configured {@code lantern.gen-ai.semconv}, null when unset (or unusable: warned about)
   */
  public static GenAiSemconv resolve(GenAiSemconv configured, String optInProperty, String optInEnv) {
    if (configured != null) {
      return configured;
    }
    String list = optInProperty != null && !optInProperty.trim().isEmpty() ? optInProperty : optInEnv;
    if (list != null) {
      for (String entry : list.split(",")) {
        if (entry.trim().equals(OPT_IN_GEN_AI_LATEST)) {
          return LATEST;
        }
      }
    }
    return DEFAULT;
  }

  /** The span attribute of the cache-write input tokens: renamed by the new conventions (#440). */
  String cacheWriteSpanAttribute() {
    return this == LATEST ? Names.SPAN_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS_LATEST
        : Names.SPAN_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS;
  }
}
