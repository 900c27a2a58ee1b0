package io.lantern.testapps.redeploy.webapp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Names the class loader that defined this deployment's classes in every response, so the test can
 * see that each deployment runs in a loader of its own (and the servlet instrumentation weaves a
 * filter of each loader).
 */
public final class LoaderStampFilter implements Filter {
  public static final String HEADER = "X-Webapp-Loader";

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
    ((HttpServletResponse) response).setHeader(HEADER, Integer.toHexString(System.identityHashCode(getClass().getClassLoader())));
    chain.doFilter(request, response);
  }
}
