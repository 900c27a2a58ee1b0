package io.lantern.testapps.undertow;

import io.lantern.testapps.servlet.Endpoints;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ErrorPage;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.net.InetSocketAddress;

/** Undertow servlet app: see {@link Endpoints}. {@code -Dapp.port} (0 = ephemeral); prints {@code LISTENING <port>}. */
public final class UndertowApp {
  private UndertowApp() {}

  public static void main(String[] args) throws Exception {
    DeploymentInfo deployment = Servlets.deployment()
        .setClassLoader(UndertowApp.class.getClassLoader())
        .setContextPath("/")
        .setDeploymentName("app.war");
    for (String name : new String[] {"first", "second"}) {
      deployment.addFilter(Servlets.filter(name, Endpoints.PassThrough.class,
              new ImmediateInstanceFactory<>(new Endpoints.PassThrough()))
          .setAsyncSupported(true));
      deployment.addFilterUrlMapping(name, "/*", DispatcherType.REQUEST);
    }
    add(deployment, "hello", new Endpoints.Hello(), "/hello");
    add(deployment, "users", new Endpoints.Users(), "/users/*");
    add(deployment, "error", new Endpoints.Error(), "/error");
    add(deployment, "status", new Endpoints.Status(), "/status/*");
    add(deployment, "async", new Endpoints.Async(), "/async");
    add(deployment, "forward", new Endpoints.Forward(), "/forward");
    add(deployment, "include", new Endpoints.Include(), "/include");
    deployment.addErrorPage(new ErrorPage("/status/500", IllegalStateException.class));
    add(deployment, "default", new Endpoints.NotFound(), "/");

    DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    HttpHandler handler = manager.start();
    Undertow server = Undertow.builder()
        .addHttpListener(Integer.getInteger("app.port", 8080), "0.0.0.0")
        .setHandler(handler)
        .build();
    server.start();
    InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    System.out.println("LISTENING " + address.getPort());
    System.out.flush();
  }

  @SuppressWarnings("unchecked")
  private static <T extends HttpServlet> void add(DeploymentInfo deployment, String name, T servlet, String mapping) {
    deployment.addServlet(Servlets.servlet(name, (Class<T>) servlet.getClass(), new ImmediateInstanceFactory<>(servlet))
        .addMapping(mapping)
        .setAsyncSupported(true));
  }
}
