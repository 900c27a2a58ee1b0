package io.lantern.instrumentation.methods;

import io.lantern.agent.config.ConfigWarning;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code lantern.methods.include}, OpenTelemetry's {@code otel.instrumentation.methods.include}
 * grammar: entries separated by {@code ;}, each a binary class name and a bracketed, comma-separated
 * list of method names ({@code com.acme.Trader[decide,execute]}). Blanks around names are ignored;
 * an entry that does not parse is dropped with one warning naming it, the others still apply; a
 * class named twice gets the union of its methods.
 */
final class MethodSpec {
  static final String DROPPED = "entry ignored";
  private static final Pattern CLASS = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
  private static final Pattern METHOD = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");

  private MethodSpec() {}

  /** Class name to its method names, in the order given; empty for null or blank. */
  static Map<String, Set<String>> parse(String include, String key, List<ConfigWarning> warnings) {
    Map<String, Set<String>> classes = new LinkedHashMap<>();
    if (include == null) {
      return classes;
    }
    for (String raw : include.split(";", -1)) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int open = entry.indexOf('[');
      Set<String> methods = open > 0 && entry.endsWith("]") && entry.indexOf('[', open + 1) < 0
          ? methods(entry.substring(open + 1, entry.length() - 1)) : null;
      String type = open > 0 ? entry.substring(0, open).trim() : null;
      if (methods == null || !CLASS.matcher(type).matches()) {
        warnings.add(new ConfigWarning(key, entry, DROPPED));
        continue;
      }
      classes.computeIfAbsent(type, k -> new LinkedHashSet<>()).addAll(methods);
    }
    return classes;
  }

  /** The method names of one entry's brackets, or null when one is not a Java identifier or there is none. */
  private static Set<String> methods(String list) {
    Set<String> names = new LinkedHashSet<>();
    for (String raw : list.split(",", -1)) {
      String name = raw.trim();
      if (!METHOD.matcher(name).matches()) {
        return null;
      }
      names.add(name);
    }
    return names.isEmpty() ? null : Collections.unmodifiableSet(names);
  }
}
