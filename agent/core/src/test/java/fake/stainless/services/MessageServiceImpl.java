package fake.stainless.services;

/** Stands for a Stainless SDK's service (for StainlessTrackerTest). */
public final class MessageServiceImpl {}
