package fake.stainless.core.http;

import java.util.stream.Stream;

/** Shaped like a Stainless SDK's StreamResponse (for StainlessTrackerTest). */
public interface StreamResponse<T> extends AutoCloseable {
  Stream<T> stream();

  @Override
  void close();
}
