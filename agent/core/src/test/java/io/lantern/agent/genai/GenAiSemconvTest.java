package io.lantern.agent.genai;

import static io.lantern.agent.genai.GenAiSemconv.DEFAULT;
import static io.lantern.agent.genai.GenAiSemconv.LATEST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lantern.agent.config.ConfigWarning;
import io.lantern.agent.config.LanternConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenAiSemconvTest {
  static GenAiSemconv configured(Map<String, String> sys, Map<String, String> env, List<ConfigWarning> warnings) {
    LanternConfig config = LanternConfig.load(sys, env, GenAiConfig.KEYS, warnings::add);
    return config.get(GenAiConfig.SEMCONV);
  }

  @Test
  void lanternKeyFirstThenTheOpenTelemetryOptInPropertyThenItsEnvironmentVariable() {
    assertEquals(DEFAULT, GenAiSemconv.resolve(null, null, null));
    assertEquals(LATEST, GenAiSemconv.resolve(LATEST, null, null));
    assertEquals(DEFAULT, GenAiSemconv.resolve(DEFAULT, "gen_ai_latest_experimental", "gen_ai_latest_experimental"));
    assertEquals(LATEST, GenAiSemconv.resolve(null, "http, gen_ai_latest_experimental ,database", null));
    assertEquals(LATEST, GenAiSemconv.resolve(null, null, "gen_ai_latest_experimental"));
    // the property, when set, replaces the environment's list
    assertEquals(DEFAULT, GenAiSemconv.resolve(null, "http", "gen_ai_latest_experimental"));
    assertEquals(LATEST, GenAiSemconv.resolve(null, " ", "gen_ai_latest_experimental"));
    assertEquals(DEFAULT, GenAiSemconv.resolve(null, "gen_ai_latest_experimental_x,gen_ai", null));
  }

  @Test
  void theKeyParsesAnyCaseFromAnySourceAndABadValueWarnsOnceWithTheDefault() {
    List<ConfigWarning> warnings = new ArrayList<>();
    assertEquals(null, configured(Map.of(), Map.of(), warnings));
    assertEquals(LATEST, configured(Map.of("lantern.gen-ai.semconv", "Latest"), Map.of(), warnings));
    assertEquals(LATEST, configured(Map.of(), Map.of("LANTERN_GEN_AI_SEMCONV", "latest"), warnings));
    assertEquals(DEFAULT, configured(Map.of("lantern.gen-ai.semconv", "default"), Map.of("LANTERN_GEN_AI_SEMCONV", "latest"), warnings));
    assertEquals(List.of(), warnings);
    assertEquals(null, configured(Map.of("lantern.gen-ai.semconv", "newest"), Map.of(), warnings));
    assertEquals(1, warnings.size(), warnings.toString());
    assertEquals("lantern.gen-ai.semconv", warnings.get(0).key());
    assertEquals("newest", warnings.get(0).value());
    assertEquals("default", warnings.get(0).defaultValue());
  }
}
