package io.lantern.harness;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP response as seen by the test: status, body and headers (names compared case-insensitively). */
public record Response(int status, String body, Map<String, List<String>> headers) {

  public Response {
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> {
      if (k != null) {
        copy.put(k, List.copyOf(v));
      }
    });
    headers = copy;
  }

  /** First value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  @Override
  public String toString() {
    String b = body.length() > 300 ? body.substring(0, 300) + "..." : body;
    return "HTTP " + status + " " + b.replace("\n", "\\n");
  }
}
