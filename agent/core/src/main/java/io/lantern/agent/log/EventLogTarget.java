package io.lantern.agent.log;

import java.util.Locale;

/** Where event lines go ({@code lantern.log.target}). */
public enum EventLogTarget {
  FILE, STDOUT, STDERR, NONE;

  /** {@code "file"}, {@code "stdout"}, {@code "stderr"}, {@code "none"} (any case, trimmed); null when unknown. */
  public static EventLogTarget parse(String value) {
    if (value == null) {
      return null;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "file": return FILE;
      case "stdout": return STDOUT;
      case "stderr": return STDERR;
      case "none": return NONE;
      default: return null;
    }
  }
}
