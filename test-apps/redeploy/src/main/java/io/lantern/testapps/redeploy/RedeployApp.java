package io.lantern.testapps.redeploy;

import java.nio.file.Path;
import java.util.Map;

/**
 * The host of the redeploy test: an embedded servlet container ({@code -Dredeploy.server=tomcat},
 * the default, or {@code jetty}) that deploys and undeploys the webapp WAR of
 * {@code test-apps/redeploy-webapp} at {@code /app} on request (see {@link HostServlets}).
 *
 * <p>{@code -Dredeploy.war}: the WAR. {@code -Dai.openai.base-url}: the fake AI provider's OpenAI
 * base URL, handed to the webapp with the URL of the host's own {@code /ping} as context parameters.
 */
public final class RedeployApp {
  private RedeployApp() {}

  public static void main(String[] args) throws Exception {
    Path war = Path.of(System.getProperty("redeploy.war"));
    String server = System.getProperty("redeploy.server", "tomcat");
    HostServlets servlets = new HostServlets();
    Container container;
    switch (server) {
      case "tomcat":
        container = new TomcatContainer(war, servlets::contextParameters);
        break;
      case "jetty":
        container = new JettyContainer(war, servlets::contextParameters);
        break;
      default:
        throw new IllegalArgumentException("redeploy.server must be tomcat or jetty, not " + server);
    }
    int port = container.start(Integer.getInteger("app.port", 0), servlets);
    servlets.bind(container, Map.of(
        // "localhost", not the provider's 127.0.0.1: the two outbound series differ by server_address too
        "ping.url", "http://localhost:" + port + "/ping",
        "ai.base-url", System.getProperty("ai.openai.base-url")));
    System.out.println("LISTENING " + port);
  }
}
