package io.lantern.agent.operation;

import java.util.Arrays;

/**
 * Listeners every inbound-request domain (HTTP server, RPC server) runs when a request ends, added
 * by the modules that need them at install time: the JDBC module's repeated-query rule is
 * registered here, so the servers need not know the database exists. Adding copies the array;
 * each request reads one volatile field.
 */
public final class RequestListeners implements OperationListener<RequestOperation> {
  @SuppressWarnings("unchecked")
  private volatile OperationListener<? super RequestOperation>[] listeners = new OperationListener[0];

  public synchronized void add(OperationListener<? super RequestOperation> listener) {
    OperationListener<? super RequestOperation>[] grown = Arrays.copyOf(listeners, listeners.length + 1);
    grown[listeners.length] = listener;
    listeners = grown;
  }

  @Override
  public void onEnd(RequestOperation request) {
    for (OperationListener<? super RequestOperation> listener : listeners) {
      listener.onEnd(request);
    }
  }
}
