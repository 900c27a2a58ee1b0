package io.lantern.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.log.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed keys: each parser, the warning of an unusable value, and one parse per key. */
class ConfigKeyTest {
  private final List<ConfigWarning> warnings = new ArrayList<>();

  private LanternConfig load(String key, String value, ConfigKey<?>... declared) {
    Map<String, String> props = new HashMap<>();
    props.put(key, value);
    return LanternConfig.load(props, Collections.<String, String>emptyMap(), Arrays.asList(declared), warnings::add);
  }

  private <T> T value(ConfigKey<T> key, String raw) {
    warnings.clear();
    return load(key.name(), raw, key).get(key);
  }

  private <T> void invalid(ConfigKey<T> key, String raw) {
    assertEquals(key.defaultValue(), value(key, raw), raw);
    assertEquals(Collections.singletonList(
        new ConfigWarning(key.name(), raw, key.defaultText() == null ? "" : key.defaultText())), warnings, raw);
  }

  @Test
  void bool() {
    ConfigKey<Boolean> k = ConfigKey.bool("lantern.t.flag", true, "d");
    assertEquals("true", k.defaultText());
    assertFalse(value(k, "FALSE"));
    invalid(k, "yes");
  }

  @Test
  void integersWithBounds() {
    ConfigKey<Integer> i = ConfigKey.integer("lantern.t.int", 5, 1, 9, "d");
    assertEquals(1, value(i, "1"));
    assertEquals(9, value(i, "+9"));
    invalid(i, "0");
    invalid(i, "10");
    invalid(i, "5.0");
    ConfigKey<Long> l = ConfigKey.longInteger("lantern.t.long", -1, -5, Long.MAX_VALUE, "d");
    assertEquals(-5L, value(l, "-5"));
    invalid(l, "99999999999999999999");
  }

  @Test
  void millis() {
    ConfigKey<Long> k = ConfigKey.millis("lantern.t.timeout-ms", 1000, "d");
    assertEquals(0L, value(k, "0"));
    assertEquals(250L, value(k, "250"));
    invalid(k, "-1");
    invalid(k, "1s");
  }

  @Test
  void ratio() {
    ConfigKey<Double> k = ConfigKey.ratio("lantern.t.ratio", 0.5, "d");
    assertEquals("0.5", k.defaultText());
    assertEquals(0.0, value(k, "0"));
    assertEquals(1.0, value(k, "1e0"));
    assertEquals(0.25, value(k, ".25"));
    invalid(k, "1.01");
    invalid(k, "-0.1");
    invalid(k, "NaN");
    invalid(k, "Infinity");
  }

  @Test
  void choice() {
    ConfigKey<Level> k = ConfigKey.choice("lantern.t.level", Level.WARN, "warn", "d");
    assertEquals(Level.DEBUG, value(k, "Debug"));
    invalid(k, "VERBOSE");
    assertEquals(Collections.singletonList(new ConfigWarning("lantern.t.level", "VERBOSE", "warn")), warnings);
  }

  @Test
  void url() {
    ConfigKey<String> k = ConfigKey.url("lantern.t.url", "http://a:1/x", "d");
    assertEquals("https://b/y", value(k, "https://b/y"));
    invalid(k, "b:1");
    invalid(k, "ftp://b/y");
    invalid(k, "http://");
  }

  @Test
  void size() {
    ConfigKey<Long> k = ConfigKey.size("lantern.t.size", "1KB", "d");
    assertEquals(1024L, k.defaultValue());
    assertEquals(3L * 1024 * 1024, value(k, "3mb"));
    invalid(k, "0");
    invalid(k, "1TB");
  }

  @Test
  void stringList() {
    ConfigKey<List<String>> k = ConfigKey.list("lantern.t.list", Arrays.asList("a", "b"), "d");
    assertEquals("a,b", k.defaultText());
    assertEquals(Arrays.asList("x", "y z"), value(k, " x ,, y z ,"));
    invalid(k, ", ,");
    assertNull(ConfigKey.list("lantern.t.none", Collections.<String>emptyList(), "d").defaultText());
  }

  @Test
  void stringAndItsEnvironmentName() {
    ConfigKey<String> k = ConfigKey.string("lantern.t.some-header", null, "d");
    assertEquals("LANTERN_T_SOME_HEADER", k.envName());
    assertNull(k.defaultText());
    assertEquals("X-A", value(k, " X-A "));
    assertEquals(Collections.emptyList(), warnings);
  }

  @Test
  void aCustomParserThatThrowsCountsAsUnusable() {
    ConfigKey<Integer> k = ConfigKey.of("lantern.t.custom", 7, "seven", Integer::valueOf, "d");
    assertEquals(12, value(k, "12"));
    invalid(k, "twelve");
    ConfigKey<Integer> unset = ConfigKey.of("lantern.t.unset", null, null, raw -> null, "d");
    invalid(unset, "x");
    assertEquals(Collections.singletonList(new ConfigWarning("lantern.t.unset", "x", "")), warnings);
  }

  @Test
  void declaredKeysAreParsedAndWarnedAboutWhileLoading() {
    ConfigKey<Integer> k = ConfigKey.integer("lantern.t.n", 3, 0, 9, "d");
    LanternConfig c = load(k.name(), "x", k);
    assertEquals(Collections.singletonList(new ConfigWarning("lantern.t.n", "x", "3")), warnings);
    assertEquals(3, c.get(k));
    assertEquals(3, c.get(k));
    assertEquals(1, warnings.size(), "parsed once");
  }

  @Test
  void anUndeclaredKeyIsParsedOnItsFirstReadOnce() {
    ConfigKey<Integer> k = ConfigKey.integer("lantern.t.n", 3, 0, 9, "d");
    LanternConfig c = load(k.name(), "x");
    assertEquals(Collections.emptyList(), warnings);
    assertEquals(3, c.get(k));
    assertEquals(3, c.get(k));
    assertEquals(Collections.singletonList(new ConfigWarning("lantern.t.n", "x", "3")), warnings);
  }

  @Test
  void aValueIsCachedPerKeyObject() {
    ConfigKey<List<String>> k = ConfigKey.list("lantern.t.list", Collections.<String>emptyList(), "d");
    LanternConfig c = load(k.name(), "a,b", k);
    assertSame(c.get(k), c.get(k));
  }

  @Test
  void secretsAreMaskedAndReportsReachTheSink() {
    ConfigKey<String> k = ConfigKey.string("lantern.t.token", null, "d").secret();
    assertTrue(k.isSecret());
    LanternConfig c = load(k.name(), "hunter2", k);
    assertEquals("hunter2", c.get(k));
    assertFalse(c.toString().contains("hunter2"), c.toString());
    assertTrue(c.toString().contains("lantern.t.token=***"), c.toString());
    ConfigWarning w = new ConfigWarning("lantern.t.file", "f (cannot be read)", "none");
    c.report(w);
    assertEquals(Collections.singletonList(w), warnings);
  }
}
