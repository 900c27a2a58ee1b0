package fake.stainless.core.http;

/** Stands for a Stainless SDK's retrying client, only named by the rules (for StainlessTrackerTest). */
public final class RetryingHttpClient {}
