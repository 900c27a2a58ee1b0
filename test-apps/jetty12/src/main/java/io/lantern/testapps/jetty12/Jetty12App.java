package io.lantern.testapps.jetty12;

import io.lantern.testapps.servlet.Endpoints;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/** Jetty 12 ee10 app: see {@link Endpoints}. {@code -Dapp.port} (0 = ephemeral); prints {@code LISTENING <port>}. */
public final class Jetty12App {
  private Jetty12App() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(Integer.getInteger("app.port", 8080));
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    for (String name : new String[] {"first", "second"}) {
      FilterHolder filter = new FilterHolder(new Endpoints.PassThrough());
      filter.setName(name);
      filter.setAsyncSupported(true);
      context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    add(context, "hello", new Endpoints.Hello(), "/hello");
    add(context, "users", new Endpoints.Users(), "/users/*");
    add(context, "error", new Endpoints.Error(), "/error");
    add(context, "status", new Endpoints.Status(), "/status/*");
    add(context, "async", new Endpoints.Async(), "/async");
    add(context, "forward", new Endpoints.Forward(), "/forward");
    add(context, "include", new Endpoints.Include(), "/include");
    ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
    errorPages.addErrorPage(IllegalStateException.class, "/status/500");
    context.setErrorHandler(errorPages);
    add(context, "default", new Endpoints.NotFound(), "/");
    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(SpringOwners.class);
    add(context, "spring", new DispatcherServlet(spring), "/spring/*");
    server.setHandler(context);

    server.start();
    System.out.println("LISTENING " + connector.getLocalPort());
    System.out.flush();
    server.join();
  }

  private static void add(ServletContextHandler context, String name, HttpServlet servlet, String mapping) {
    ServletHolder holder = new ServletHolder(name, servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, mapping);
  }
}
