package fake.stainless.core.http;

/** Shaped like a Stainless SDK's HttpResponse, reduced to its headers (for StainlessTrackerTest). */
public interface HttpResponse {
  Headers headers();
}
