package io.lantern.agent.log;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects an {@link Event}'s own fields (what {@link Event#writeFields} writes) as OpenTelemetry
 * attributes instead of JSON, for the OTLP log exporter: strings, longs, doubles, booleans and
 * string lists keep their type; a nested object's fields are flattened with a dot ({@code mdc} with
 * {@code user_id} becomes {@code mdc.user_id}); an explicit JSON null is omitted (OTLP has none).
 * Owned by the exporter thread; {@link #reset} before each event.
 */
public final class AttributesWriter extends JsonWriter {
  private AttributesBuilder out;
  private final List<String> prefixes = new ArrayList<>(4);

  public AttributesWriter() {
    super(new StringBuilder(0));
  }

  /** The next fields go into this builder, at the top level. */
  public AttributesWriter reset(AttributesBuilder builder) {
    this.out = builder;
    prefixes.clear();
    return this;
  }

  private String key(String name) {
    return prefixes.isEmpty() ? name : prefixes.get(prefixes.size() - 1) + name;
  }

  @Override
  public JsonWriter field(String name, String value) {
    if (name != null && value != null) {
      out.put(key(name), value);
    }
    return this;
  }

  @Override
  public JsonWriter field(String name, long value) {
    if (name != null) {
      out.put(key(name), value);
    }
    return this;
  }

  @Override
  public JsonWriter field(String name, double value) {
    if (name != null && !Double.isNaN(value) && !Double.isInfinite(value)) {
      out.put(key(name), value);
    }
    return this;
  }

  @Override
  public JsonWriter field(String name, boolean value) {
    if (name != null) {
      out.put(key(name), value);
    }
    return this;
  }

  @Override
  public JsonWriter field(String name, List<String> values) {
    if (name != null && values != null) {
      List<String> copy = new ArrayList<>(values.size());
      for (Object v : values) {
        copy.add(String.valueOf(v));
      }
      out.put(AttributeKey.stringArrayKey(key(name)), copy);
    }
    return this;
  }

  @Override
  public JsonWriter beginObject(String name) {
    prefixes.add(key(name) + '.');
    return this;
  }

  @Override
  public JsonWriter endObject() {
    if (!prefixes.isEmpty()) {
      prefixes.remove(prefixes.size() - 1);
    }
    return this;
  }

  @Override
  public JsonWriter nullField(String name) {
    return this;
  }
}
