package fake.stainless.core.http;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Shaped like a Stainless SDK's AsyncStreamResponse (for StainlessTrackerTest). */
public interface AsyncStreamResponse<T> {
  CompletableFuture<Void> onCompleteFuture();

  interface Handler<T> {
    void onNext(T value);

    default void onComplete(Optional<Throwable> error) {}
  }
}
