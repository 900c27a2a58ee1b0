package io.lantern.agent.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration key: its name, its default, how a raw value becomes a {@code T} and what it
 * means. The code that reads a key declares it as a constant (the global keys in {@link
 * LanternConfig}, a domain's next to its recorder, a module's in the module, listed by {@code
 * InstrumentationModule.configKeys()}) and reads it with {@link LanternConfig#get(ConfigKey)}.
 *
 * <p>A key has identity: {@link LanternConfig} caches one value per key object, parsed once.
 */
public final class ConfigKey<T> {
  /** A raw value (trimmed, never blank) to a {@code T}, or null when it is not a usable value. */
  public interface Parser<T> {
    T parse(String raw);
  }

  /** What a secret's value shows as, in {@link LanternConfig#toString()} and in its {@code config_warning}. */
  static final String MASKED = "***";
  private static final String PREFIX = "lantern.";
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DECIMAL = Pattern.compile("\\+?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");

  private final String name;
  private final T defaultValue;
  private final String defaultText;
  private final Parser<T> parser;
  private final String description;
  private final boolean secret;

  private ConfigKey(String name, T defaultValue, String defaultText, Parser<T> parser, String description,
      boolean secret) {
    if (name == null || !name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
      throw new IllegalArgumentException("a configuration key is named lantern.*: " + name);
    }
    this.name = name;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.parser = parser;
    this.description = description;
    this.secret = secret;
  }

  /**
   * A key of any type. {@code defaultText} is how the default is written (in a {@code
   * config_warning} and the README); null when the key is unset by default.
   */
  public static <T> ConfigKey<T> of(String name, T defaultValue, String defaultText, Parser<T> parser,
      String description) {
    return new ConfigKey<>(name, defaultValue, defaultText, parser, description, false);
  }

  /** Any text; null default: unset. */
  public static ConfigKey<String> string(String name, String defaultValue, String description) {
    return of(name, defaultValue, defaultValue, raw -> raw, description);
  }

  /** {@code true} or {@code false}, any case. */
  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
    return of(name, defaultValue, String.valueOf(defaultValue), ConfigKey::parseBool, description);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String description) {
    return of(name, defaultValue, String.valueOf(defaultValue), raw -> {
      Long v = parseLong(raw, min, max);
      return v == null ? null : v.intValue();
    }, description);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static ConfigKey<Long> longInteger(String name, long defaultValue, long min, long max, String description) {
    return of(name, defaultValue, String.valueOf(defaultValue), raw -> parseLong(raw, min, max), description);
  }

  /** A duration in whole milliseconds, 0 or more (no unit: {@code 250}, not {@code 250ms}). */
  public static ConfigKey<Long> millis(String name, long defaultValue, String description) {
    return longInteger(name, defaultValue, 0, Long.MAX_VALUE, description);
  }

  /** A decimal from 0 to 1. */
  public static ConfigKey<Double> ratio(String name, double defaultValue, String description) {
    return of(name, defaultValue, String.valueOf(defaultValue), ConfigKey::parseRatio, description);
  }

  /**
   * One of an enum's constants by name, any case; {@code defaultText} is how the default is
   * written ({@code file}, {@code INFO}).
   */
  public static <E extends Enum<E>> ConfigKey<E> choice(String name, E defaultValue, String defaultText,
      String description) {
    Class<E> type = defaultValue.getDeclaringClass();
    return of(name, defaultValue, defaultText, raw -> {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(raw)) {
          return e;
        }
      }
      return null;
    }, description);
  }

  /** An {@code http} or {@code https} URL with a host. */
  public static ConfigKey<String> url(String name, String defaultValue, String description) {
    return of(name, defaultValue, defaultValue, ConfigKey::parseHttpUrl, description);
  }

  /** Bytes, from {@code 1024}, {@code 512KB}, {@code 10MB}, {@code 1gb} (binary multiples), at least 1. */
  public static ConfigKey<Long> size(String name, String defaultText, String description) {
    return of(name, parseSize(defaultText), defaultText, raw -> {
      long v = parseSize(raw);
      return v < 1 ? null : v;
    }, description);
  }

  /** Comma-separated items, each trimmed, empty ones dropped; none at all is not a value. */
  public static ConfigKey<List<String>> list(String name, List<String> defaultValue, String description) {
    List<String> def = Collections.unmodifiableList(new ArrayList<>(defaultValue));
    return of(name, def, def.isEmpty() ? null : String.join(",", def), ConfigKey::parseList, description);
  }

  /** This key with its value masked in {@link LanternConfig#toString()}. */
  public ConfigKey<T> secret() {
    return new ConfigKey<>(name, defaultValue, defaultText, parser, description, true);
  }

  public String name() {
    return name;
  }

  /** The value used when the key is set nowhere or its value is unusable; may be null. */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as written in a {@code config_warning} and the README; null when unset. */
  public String defaultText() {
    return defaultText;
  }

  public String description() {
    return description;
  }

  public boolean isSecret() {
    return secret;
  }

  /** {@code lantern.metrics.max-series} -> {@code LANTERN_METRICS_MAX_SERIES}. */
  public String envName() {
    return LanternConfig.envName(name);
  }

  /**
   * The value of {@code raw} (trimmed and non-blank, or null when set nowhere): the default when
   * null or unusable, the latter with one warning.
   */
  T resolve(String raw, Consumer<ConfigWarning> warnings) {
    if (raw == null) {
      return defaultValue;
    }
    T v;
    try {
      v = parser.parse(raw);
    } catch (RuntimeException e) {
      v = null;
    }
    if (v == null) {
      // a mistyped password is still a password: the warning names the key, not the value
      warnings.accept(new ConfigWarning(name, secret ? MASKED : raw, defaultText == null ? "" : defaultText));
      return defaultValue;
    }
    return v;
  }

  @Override
  public String toString() {
    return name;
  }

  // ---------------------------------------------------------------- parsers

  static Boolean parseBool(String raw) {
    if (raw == null) {
      return null;
    }
    if (raw.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (raw.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    return null;
  }

  private static Long parseLong(String raw, long min, long max) {
    if (!INTEGER.matcher(raw).matches()) {
      return null;
    }
    long v = Long.parseLong(raw);
    return v >= min && v <= max ? v : null;
  }

  private static Double parseRatio(String raw) {
    if (!DECIMAL.matcher(raw).matches()) {
      return null;
    }
    double v = Double.parseDouble(raw);
    return v >= 0.0 && v <= 1.0 ? v : null;
  }

  private static String parseHttpUrl(String raw) {
    try {
      URI u = new URI(raw);
      String scheme = u.getScheme();
      if (scheme != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && u.getHost() != null) {
        return raw;
      }
    } catch (Exception ignored) {
      // not a URL
    }
    return null;
  }

  private static List<String> parseList(String raw) {
    List<String> items = new ArrayList<>();
    for (String item : raw.split(",")) {
      String t = item.trim();
      if (!t.isEmpty()) {
        items.add(t);
      }
    }
    return items.isEmpty() ? null : Collections.unmodifiableList(items);
  }

  /** Bytes from {@code 1024}, {@code 512KB}, {@code 10MB}, {@code 1gb} (binary multiples); -1 if invalid. */
  static long parseSize(String raw) {
    if (raw == null) {
      return -1;
    }
    Matcher m = SIZE.matcher(raw.trim());
    if (!m.matches()) {
      return -1;
    }
    try {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
      long mult;
      switch (unit) {
        case "kb":
          mult = 1024L;
          break;
        case "mb":
          mult = 1024L * 1024;
          break;
        case "gb":
          mult = 1024L * 1024 * 1024;
          break;
        default:
          mult = 1;
      }
      return Math.multiplyExact(n, mult);
    } catch (ArithmeticException | NumberFormatException e) {
      return -1;
    }
  }
}
