package fake.stainless.services;

import fake.stainless.core.ClientOptions;

/** Stands for a Stainless SDK's service (for StainlessTrackerTest): its options private, as the SDKs' are. */
public final class MessageServiceImpl {
  private final ClientOptions clientOptions;

  public MessageServiceImpl(ClientOptions clientOptions) {
    this.clientOptions = clientOptions;
  }
}
