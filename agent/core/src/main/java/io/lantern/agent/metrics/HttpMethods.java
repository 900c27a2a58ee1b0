package io.lantern.agent.metrics;

import io.lantern.agent.Names;

/** The known HTTP methods as small indexes, so a method never costs a string in a series key. */
public final class HttpMethods {
  private HttpMethods() {}

  private static final String[] LABELS = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", Names.OTHER
  };
  public static final int COUNT = LABELS.length;
  public static final int OTHER = COUNT - 1;

  /** Index of a method; unknown methods (contract: {@code _OTHER}) get {@link #OTHER}. */
  public static int index(String method) {
    if (method == null) {
      return OTHER;
    }
    switch (method) {
      case "GET": return 0;
      case "HEAD": return 1;
      case "POST": return 2;
      case "PUT": return 3;
      case "DELETE": return 4;
      case "CONNECT": return 5;
      case "OPTIONS": return 6;
      case "TRACE": return 7;
      case "PATCH": return 8;
      default: return OTHER;
    }
  }

  public static String label(int index) {
    return LABELS[index];
  }
}
