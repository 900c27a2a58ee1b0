package io.lantern.testapps.redeploy;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/** Jetty 12 ee10; the WAR is deployed as a {@link WebAppContext} (extracted, its web.xml read). */
final class JettyContainer implements Container {
  private final Path war;
  private final Supplier<Map<String, String>> parameters;
  private final Server server = new Server();
  private final ContextHandlerCollection contexts = new ContextHandlerCollection();
  private WebAppContext current;

  JettyContainer(Path war, Supplier<Map<String, String>> parameters) {
    this.war = war;
    this.parameters = parameters;
  }

  @Override
  public int start(int port, HostServlets servlets) throws Exception {
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler root = new ServletContextHandler("/");
    root.addServlet(new ServletHolder(servlets.admin()), "/admin/*");
    root.addServlet(new ServletHolder(servlets.ping()), "/ping");
    contexts.addHandler(root);
    server.setHandler(contexts);
    server.start();
    return connector.getLocalPort();
  }

  @Override
  public ClassLoader deploy() throws Exception {
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath(CONTEXT_PATH);
    webapp.setWar(war.toString());
    parameters.get().forEach(webapp::setInitParameter);
    webapp.setThrowUnavailableOnStartupException(true);
    contexts.addHandler(webapp);
    webapp.start();
    current = webapp;
    return webapp.getClassLoader();
  }

  @Override
  public void undeploy() throws Exception {
    current.stop();
    contexts.removeHandler(current);
    current.destroy();
    current = null;
  }
}
