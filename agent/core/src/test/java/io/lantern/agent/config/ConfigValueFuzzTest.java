package io.lantern.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.fuzz.Fuzz;
import io.lantern.agent.genai.GenAiConfig;
import io.lantern.agent.http.HttpServerConfig;
import io.lantern.agent.log.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Every kind of {@link ConfigKey} parser, and every declared key, against random and mutated raw
 * values from system properties or the environment: loading never throws; a value is either
 * accepted, and then inside its kind's bounds (an exact value when it was generated valid), or
 * replaced by the default with exactly one warning naming it; a secret's value shows nowhere.
 */
class ConfigValueFuzzTest {
  private static final long SEED = 0xc0f1600dL;
  private static final int CASES = 10_000;
  private static final String SPECIALS = "+-.,eE0123456789:/ kKmMgGbB\t";

  /** A key of one parser kind, what any value it accepts must satisfy, and valid raw values with their value. */
  private static final class Kind<T> {
    final ConfigKey<T> key;
    final Predicate<T> bounds;
    final ValidValue<T> valid;

    Kind(ConfigKey<T> key, Predicate<T> bounds, ValidValue<T> valid) {
      this.key = key;
      this.bounds = bounds;
      this.valid = valid;
    }
  }

  private interface ValidValue<T> {
    /** Writes a valid raw value into {@code raw[0]} and returns the value it must parse to. */
    T draw(Fuzz in, String[] raw);
  }

  private static final List<Kind<?>> KINDS = Arrays.<Kind<?>>asList(
      new Kind<>(ConfigKey.bool("lantern.fuzz.bool", true, ""), v -> true, (in, raw) -> {
        boolean v = in.nextBoolean();
        raw[0] = randomCase(in, String.valueOf(v));
        return v;
      }),
      new Kind<>(ConfigKey.integer("lantern.fuzz.integer", 5, -3, 100_000, ""), v -> v >= -3 && v <= 100_000, (in, raw) -> {
        int v = in.nextInt(-3, 100_001);
        raw[0] = (v >= 0 && in.nextBoolean() ? "+" : "") + (v < 0 ? "-" : "") + zeros(in) + Math.abs(v);
        return v;
      }),
      new Kind<>(ConfigKey.millis("lantern.fuzz.millis", 1000, ""), v -> v >= 0, (in, raw) -> {
        long v = in.nextLong() >>> (5 + in.nextInt(59)); // below 2^59: at most 18 digits
        raw[0] = Long.toString(v);
        return v;
      }),
      new Kind<>(ConfigKey.ratio("lantern.fuzz.ratio", 1.0, ""), v -> v >= 0.0 && v <= 1.0, (in, raw) -> {
        double v = in.pick(0.0, 1.0, in.nextInt(1_000_001) / 1e6, Math.pow(10, -in.nextInt(1, 300)));
        raw[0] = Double.toString(v);
        return v;
      }),
      new Kind<>(ConfigKey.choice("lantern.fuzz.choice", Level.INFO, "INFO", ""), v -> v != null, (in, raw) -> {
        Level v = in.pick(Level.values());
        raw[0] = randomCase(in, v.name());
        return v;
      }),
      new Kind<>(ConfigKey.url("lantern.fuzz.url", "http://localhost:4318/v1/traces", ""),
          ConfigValueFuzzTest::isHttpUrlWithHost, (in, raw) -> {
            raw[0] = in.pick("http", "https", "HTTPS") + "://" + in.from("abcxyz0123", 1 + in.nextInt(20)) + ".example"
                + (in.nextBoolean() ? ":" + in.nextInt(65_536) : "") + "/" + in.from("abc/xyz-_.~", in.nextInt(30));
            return raw[0];
          }),
      new Kind<>(ConfigKey.size("lantern.fuzz.size", "10MB", ""), v -> v >= 1, (in, raw) -> {
        long n = 1 + in.nextInt(1 << 20);
        String unit = in.pick("", "b", "KB", "mb", "Gb");
        raw[0] = n + (in.nextBoolean() ? " " : "") + unit;
        int shift = unit.isEmpty() || unit.equals("b") ? 0 : unit.equalsIgnoreCase("kb") ? 10 : unit.equalsIgnoreCase("mb") ? 20 : 30;
        return n << shift;
      }),
      new Kind<>(ConfigKey.list("lantern.fuzz.list", Collections.singletonList("a"), ""),
          v -> !v.isEmpty() && v.stream().allMatch(item -> !item.isEmpty() && item.equals(item.trim()) && !item.contains(",")),
          (in, raw) -> {
            List<String> items = new ArrayList<>();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 1 + in.nextInt(5); i++) {
              String item = in.from("abcxyz-_.019", 1 + in.nextInt(10));
              items.add(item);
              b.append(in.pick("", " ", ", ,")).append(item).append(in.pick("", " ")).append(',');
            }
            raw[0] = b.toString();
            return items;
          }),
      new Kind<>(ConfigKey.string("lantern.fuzz.string", null, ""), v -> v != null && v.equals(v.trim()) && !v.isEmpty(),
          (in, raw) -> {
            raw[0] = in.from("abcxyz/.-_ ", 1 + in.nextInt(30)).trim() + "x";
            return raw[0];
          }),
      new Kind<>(ConfigKey.integer("lantern.fuzz.secret-integer", 1, 1, 999, "").secret(), v -> v >= 1 && v <= 999,
          (in, raw) -> {
            int v = in.nextInt(1, 1000);
            raw[0] = Integer.toString(v);
            return v;
          }),
      new Kind<>(ConfigKey.string("lantern.fuzz.secret-string", null, "").secret(), v -> !v.isEmpty(), (in, raw) -> {
        raw[0] = "pw-" + in.from("abcdefghijklmnopqrstuvwxyz0123456789", 12);
        return raw[0];
      }));

  /** The keys the agent declares, parsed as shipped. */
  private static final List<ConfigKey<?>> DECLARED = new ArrayList<>(LanternConfig.KEYS);

  static {
    DECLARED.addAll(HttpServerConfig.KEYS);
    DECLARED.addAll(GenAiConfig.KEYS);
    DECLARED.remove(LanternConfig.CONFIG_FILE); // names a file to read, not a value (the config ITs cover it)
  }

  @Test
  void everyKindAcceptsOnlyValuesInsideItsBoundsAndWarnsOnceOtherwise() {
    Fuzz.run(SEED, CASES, in -> check(in, KINDS.get(in.nextInt(KINDS.size()))));
  }

  @Test
  void everyDeclaredKeyLoadsWhateverItIsGiven() {
    Fuzz.run(SEED + 1, CASES, in -> {
      ConfigKey<?> key = DECLARED.get(in.nextInt(DECLARED.size()));
      String raw = in.input(hostile(in, in.pick("true", "1000", "0.5", "10MB", "http://h:1/p", "INFO", "otlp", "a,b")));
      List<ConfigWarning> warnings = new ArrayList<>();
      Object value = load(in, key, raw, warnings).get(key);
      checkWarning(key, raw, value, warnings);
    });
  }

  // Regression found by the secret kinds above (seed 0xc0f1600d, case seed -5511851853889640235
  // gave the second value): a secret key's unusable value was written as it came into its
  // config_warning (an event line), though toString() masks it.
  @Test
  void anUnusableSecretIsMaskedInItsWarning() {
    ConfigKey<Integer> key = ConfigKey.integer("lantern.fuzz.secret-integer", 1, 1, 999, "").secret();
    for (String raw : new String[] {" hunter2 ", "958\u00d4\uda52\udcd8"}) {
      List<ConfigWarning> warnings = new ArrayList<>();
      Map<String, String> props = Collections.singletonMap(key.name(), raw);
      LanternConfig config = LanternConfig.load(props, null, Collections.singletonList(key), warnings::add);
      assertEquals(1, config.get(key));
      assertEquals(Collections.singletonList(new ConfigWarning(key.name(), ConfigKey.MASKED, "1")), warnings);
      assertFalse(config.toString().contains(raw.trim()), config.toString());
    }
  }

  private static <T> void check(Fuzz in, Kind<T> kind) {
    String[] valid = new String[1];
    T expected = kind.valid.draw(in, valid);
    boolean keepValid = in.oneIn(3);
    String raw = in.input(keepValid ? pad(in, valid[0]) : hostile(in, valid[0]));
    List<ConfigWarning> warnings = new ArrayList<>();
    LanternConfig config = load(in, kind.key, raw, warnings);
    T value = config.get(kind.key);
    if (keepValid) {
      assertEquals(Collections.emptyList(), warnings);
      assertEquals(expected, value);
    }
    if (checkWarning(kind.key, raw, value, warnings)) {
      assertTrue(kind.bounds.test(value), () -> "accepted out of bounds: " + value);
    }
    // long enough that no other text of the config holds it by chance
    if (kind.key.isSecret() && raw.trim().length() >= 8 && !raw.contains("*")) {
      String secret = raw.trim();
      assertFalse(config.toString().contains(secret), config::toString);
      assertTrue(warnings.stream().noneMatch(w -> w.value().contains(secret)), warnings::toString);
    }
  }

  /**
   * The warning rule: a blank value is unset (the default, no warning); else the value is the
   * parsed one with no warning, or the default with exactly one naming the key, the trimmed value
   * (masked for a secret) and the default. True when the value was accepted.
   */
  private static boolean checkWarning(ConfigKey<?> key, String raw, Object value, List<ConfigWarning> warnings) {
    String trimmed = raw.trim();
    if (trimmed.isEmpty() || warnings.isEmpty()) {
      assertEquals(Collections.emptyList(), warnings);
      if (trimmed.isEmpty()) {
        assertEquals(key.defaultValue(), value);
      } else {
        assertNotNull(value, "an accepted value");
      }
      return !trimmed.isEmpty();
    }
    assertEquals(Collections.singletonList(new ConfigWarning(key.name(), key.isSecret() ? ConfigKey.MASKED : trimmed,
        key.defaultText() == null ? "" : key.defaultText())), warnings);
    assertEquals(key.defaultValue(), value);
    return false;
  }

  /** Loads {@code raw} for {@code key} from a system property or from the environment. */
  private static LanternConfig load(Fuzz in, ConfigKey<?> key, String raw, List<ConfigWarning> warnings) {
    Map<String, String> props = new HashMap<>();
    Map<String, String> env = new HashMap<>();
    if (in.nextBoolean()) {
      props.put(key.name(), raw);
    } else {
      env.put(key.envName(), raw);
    }
    return LanternConfig.load(props, env, Collections.singletonList(key), warnings::add);
  }

  /** A value that is usually not valid: the valid one mutated, huge, or any text, bytes included. */
  private static String hostile(Fuzz in, String valid) {
    switch (in.nextInt(8)) {
      case 0: return in.text(SPECIALS, 64);
      case 1: return in.decodedBytes(64);
      case 2: return Fuzz.repeat(in.pick("9", "1.", "e9", "a,", " "), in.pick(19, 20, 400, 65_536));
      case 3: return valid + in.pick("\u0000", "\u0660", "\uff11", "\ud800", "ms", "%", "_000", ".0", "e99999");
      case 4: return in.pick("-", "+", ".", "e", ",", ", ,", "NaN", "Infinity", "0x10", "-0", "1e-99999", "\u0661\u0662");
      default: return in.mutate(valid, SPECIALS);
    }
  }

  /** Whitespace around: trimmed away. */
  private static String pad(Fuzz in, String valid) {
    return in.pick("", " ", "\t") + valid + in.pick("", " ", "\n");
  }

  private static String randomCase(Fuzz in, String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      b.append(in.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return b.toString();
  }

  private static String zeros(Fuzz in) {
    return Fuzz.repeat("0", in.nextInt(4));
  }

  private static boolean isHttpUrlWithHost(String v) {
    try {
      URI u = new URI(v);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }
}
