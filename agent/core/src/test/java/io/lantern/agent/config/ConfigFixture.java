package io.lantern.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** For the tests of declared keys, in core and in the modules (shipped in core's test jar). */
public final class ConfigFixture {
  private ConfigFixture() {}

  /** {@code map("a", "1", "b", "2")}. */
  public static Map<String, String> map(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /**
   * {@code raw} for {@code key}, as a system property and as an environment variable, with {@code
   * keys} declared: exactly one warning {@code (key, raw, def)} each time, and every value the
   * default.
   */
  public static void assertBadValueWarnsOnceAndGivesTheDefault(
      Collection<? extends ConfigKey<?>> keys, String key, String raw, String def) {
    List<ConfigWarning> warnings = new ArrayList<>();
    LanternConfig fromProp = LanternConfig.load(map(key, raw), map(), keys, warnings::add);
    assertEquals(Collections.singletonList(new ConfigWarning(key, raw, def)), warnings);
    warnings.clear();
    LanternConfig fromEnv = LanternConfig.load(map(), map(LanternConfig.envName(key), raw), keys, warnings::add);
    assertEquals(Collections.singletonList(new ConfigWarning(key, raw, def)), warnings);

    LanternConfig defaults = LanternConfig.load(map(), map(), keys, null);
    for (LanternConfig c : new LanternConfig[] {fromProp, fromEnv}) {
      assertEquals(defaults.toString(), c.toString());
    }
  }
}
