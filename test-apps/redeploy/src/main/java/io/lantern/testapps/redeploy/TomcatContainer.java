package io.lantern.testapps.redeploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/** Embedded Tomcat 10.1; the WAR is deployed as a standalone Tomcat deploys one (expanded, its web.xml read). */
final class TomcatContainer implements Container {
  private final Path war;
  private final Supplier<Map<String, String>> parameters;
  private final Tomcat tomcat = new Tomcat();
  private Host host;
  private Context current;

  TomcatContainer(Path war, Supplier<Map<String, String>> parameters) {
    this.war = war;
    this.parameters = parameters;
  }

  @Override
  public int start(int port, HostServlets servlets) throws Exception {
    Path base = Files.createTempDirectory("redeploy-tomcat");
    tomcat.setBaseDir(base.toString());
    Files.createDirectories(base.resolve("webapps"));
    Connector connector = new Connector();
    connector.setPort(port);
    tomcat.setConnector(connector);
    host = tomcat.getHost();
    Context root = tomcat.addContext("", base.toString());
    Tomcat.addServlet(root, "admin", servlets.admin()).addMapping("/admin/*");
    Tomcat.addServlet(root, "ping", servlets.ping()).addMapping("/ping");
    tomcat.start();
    return connector.getLocalPort();
  }

  @Override
  public ClassLoader deploy() {
    StandardContext context = new StandardContext();
    context.setName(CONTEXT_PATH);
    context.setPath(CONTEXT_PATH);
    context.setDocBase(war.toString());
    // reads the WAR's WEB-INF/web.xml; there is no container-wide conf/web.xml to merge in
    ContextConfig config = new ContextConfig();
    config.setDefaultWebXml(org.apache.catalina.startup.Constants.NoDefaultWebXml);
    context.addLifecycleListener(config);
    context.setParentClassLoader(TomcatContainer.class.getClassLoader());
    // as Spring Boot's embedded Tomcat does: the host's class path holds no web fragment or TLD,
    // and scanning its jars on each of 21 deployments is time the test does not need
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false);
    scanner.setScanManifest(false);
    context.setJarScanner(scanner);
    parameters.get().forEach(context::addParameter);
    host.addChild(context); // the host is started, so this starts the context
    if (!context.getState().isAvailable()) {
      throw new IllegalStateException("the webapp did not start: " + context.getState());
    }
    current = context;
    return context.getLoader().getClassLoader();
  }

  @Override
  public void undeploy() {
    host.removeChild(current); // stops and destroys it
    current = null;
  }
}
