package io.lantern.testapps.springboot;

import io.lantern.harness.HttpServerAgentSuite;

/**
 * The agent on a Spring Boot executable jar: the shared acceptance suite, with routes from Spring
 * MVC's best-matching pattern under a DispatcherServlet on the default mapping, and a throwing
 * controller going through Spring Boot's error dispatch.
 */
class SpringBootIT extends HttpServerAgentSuite {
  @Override
  protected String usersRoute() {
    return "/users/{id}";
  }

  @Override
  protected String statusRoute() {
    return "/status/{code}";
  }

  @Override
  protected boolean answersThrowingHandlerWith500() {
    return true;
  }
}
