package io.lantern.agent.http;

import io.lantern.agent.metrics.StatusCodes;
import io.lantern.agent.operation.Operation;

/**
 * One outbound HTTP call from {@link HttpClientRecorder#start} to {@link HttpClientRecorder#end},
 * which may run on another thread (async clients). It is its own client span, so a call costs
 * this one object. Instrumentations keep it as the hook state and hand it back.
 */
public final class ClientCall extends Operation {
  // shorts: an HTTP method's index and a status code fit, and the call stays 112 bytes.
  final short methodIndex;
  final String serverAddress;
  /** The response status, 0 when none was received; written by the caller that claimed the end. */
  short status;

  ClientCall(int methodIndex, String serverAddress) {
    this.methodIndex = (short) methodIndex;
    this.serverAddress = serverAddress;
  }

  /** The exception's class name, else the status code for a 5xx, else null. */
  @Override
  protected String classifyError(Throwable thrown) {
    return thrown != null ? thrown.getClass().getName() : status >= 500 ? StatusCodes.label(status) : null;
  }
}
