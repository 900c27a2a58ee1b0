package io.lantern.agent.metrics;

import io.lantern.agent.Names;

/** Status code label strings made once, so labelling a status allocates nothing. */
public final class StatusCodes {
  private StatusCodes() {}

  private static final String[] LABELS = new String[600];

  static {
    for (int code = 100; code < LABELS.length; code++) {
      LABELS[code] = Integer.toString(code);
    }
  }

  /** The label of a status code; anything outside 100..599 (e.g. no response sent) is {@code _OTHER}. */
  public static String label(int status) {
    return status >= 100 && status < LABELS.length ? LABELS[status] : Names.OTHER;
  }

  /** Code used in series keys: valid codes as themselves, anything else as 0. */
  public static int normalize(int status) {
    return status >= 100 && status < LABELS.length ? status : 0;
  }
}
