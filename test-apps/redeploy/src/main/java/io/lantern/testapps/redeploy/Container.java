package io.lantern.testapps.redeploy;

/**
 * A servlet container that serves the host's own servlets at the root and deploys the webapp WAR
 * at {@link #CONTEXT_PATH}, one deployment at a time.
 */
interface Container {
  String CONTEXT_PATH = "/app";

  /** Starts the container on {@code port} (0: any) with the host's servlets; returns the port. */
  int start(int port, HostServlets servlets) throws Exception;

  /** Deploys the WAR at {@link #CONTEXT_PATH} and starts it; returns the loader that defines its classes. */
  ClassLoader deploy() throws Exception;

  /** Stops, destroys and removes the current deployment, as an undeploy does. */
  void undeploy() throws Exception;
}
