package io.lantern.agent.rpc;

/** gRPC status codes by number (0..16), as their names; anything else is {@code UNKNOWN}. */
public final class RpcStatus {
  private RpcStatus() {}

  public static final int OK = 0;
  public static final int CANCELLED = 1;
  public static final int UNKNOWN = 2;
  public static final int DEADLINE_EXCEEDED = 4;
  public static final int UNIMPLEMENTED = 12;

  private static final String[] NAMES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
      "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
      "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

  public static int normalize(int code) {
    return code >= 0 && code < NAMES.length ? code : UNKNOWN;
  }

  public static String label(int code) {
    return NAMES[normalize(code)];
  }

  /** semconv: the codes that fail a server span (the others are the client's doing). */
  public static boolean isServerError(int code) {
    switch (normalize(code)) {
      case 2: case 4: case 12: case 13: case 14: case 15:
        return true;
      default:
        return false;
    }
  }
}
