package fake.stainless.core;

/** Stands for a Stainless SDK's client options (for StainlessTrackerTest). */
public final class ClientOptions {
  private final String baseUrl;

  public ClientOptions(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }
}
