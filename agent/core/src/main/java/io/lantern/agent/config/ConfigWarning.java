package io.lantern.agent.config;

import java.util.Objects;

/**
 * A configuration value that could not be used: the key, the raw value found, and the default used
 * instead. Reported as one {@code config_warning} event.
 */
public final class ConfigWarning {
  private final String key;
  private final String value;
  private final String defaultValue;

  public ConfigWarning(String key, String value, String defaultValue) {
    this.key = key;
    this.value = value;
    this.defaultValue = defaultValue;
  }

  public String key() {
    return key;
  }

  public String value() {
    return value;
  }

  public String defaultValue() {
    return defaultValue;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConfigWarning)) {
      return false;
    }
    ConfigWarning that = (ConfigWarning) o;
    return Objects.equals(key, that.key)
        && Objects.equals(value, that.value)
        && Objects.equals(defaultValue, that.defaultValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, value, defaultValue);
  }

  @Override
  public String toString() {
    return "ConfigWarning{key=" + key + ", value=" + value + ", default=" + defaultValue + "}";
  }
}
