package fake.stainless.core.http;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shaped like a Stainless SDK's Headers: case-insensitive names, an empty list for an absent one (for StainlessTrackerTest). */
public final class Headers {
  private final Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public Headers put(String name, String value) {
    map.put(name, List.of(value));
    return this;
  }

  public List<String> values(String name) {
    return map.getOrDefault(name, List.of());
  }
}
