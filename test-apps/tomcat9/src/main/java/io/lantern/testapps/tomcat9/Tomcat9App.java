package io.lantern.testapps.tomcat9;

import io.lantern.testapps.servlet.Endpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Tomcat 9 embedded app: see {@link Endpoints}. {@code -Dapp.port} (0 = ephemeral); prints
 * {@code LISTENING <port>}. Servlets and filters are named by class, not passed as objects: they
 * are compiled against jakarta and become javax only when this app's jar relocates them.
 */
public final class Tomcat9App {
  private Tomcat9App() {}

  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory("tomcat9-app");
    base.toFile().deleteOnExit();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    tomcat.setPort(Integer.getInteger("app.port", 8080));
    Connector connector = tomcat.getConnector();

    Context context = tomcat.addContext("", null);
    for (String name : new String[] {"first", "second"}) {
      FilterDef def = new FilterDef();
      def.setFilterName(name);
      def.setFilterClass(Endpoints.PassThrough.class.getName());
      def.setAsyncSupported("true");
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName(name);
      map.addURLPattern("/*");
      context.addFilterMap(map);
    }
    add(context, "hello", Endpoints.Hello.class, "/hello");
    add(context, "users", Endpoints.Users.class, "/users/*");
    add(context, "error", Endpoints.Error.class, "/error");
    add(context, "status", Endpoints.Status.class, "/status/*");
    add(context, "async", Endpoints.Async.class, "/async");
    add(context, "forward", Endpoints.Forward.class, "/forward");
    add(context, "include", Endpoints.Include.class, "/include");
    ErrorPage errorPage = new ErrorPage();
    errorPage.setExceptionType(IllegalStateException.class.getName());
    errorPage.setLocation("/status/500");
    context.addErrorPage(errorPage);
    add(context, "default", Endpoints.NotFound.class, "/");

    tomcat.start();
    System.out.println("LISTENING " + connector.getLocalPort());
    System.out.flush();
    tomcat.getServer().await();
  }

  private static void add(Context context, String name, Class<?> servlet, String mapping) {
    Wrapper wrapper = Tomcat.addServlet(context, name, servlet.getName());
    wrapper.setAsyncSupported(true);
    context.addServletMappingDecoded(mapping, name);
  }
}
