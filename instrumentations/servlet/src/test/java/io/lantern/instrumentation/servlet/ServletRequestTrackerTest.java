package io.lantern.instrumentation.servlet;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

class ServletRequestTrackerTest {
  @Test
  void servletWrappersAreUnwrappedToTheApplicationsException() throws Exception {
    IllegalStateException app = new IllegalStateException("boom");
    assertSame(app, ServletRequestTracker.applicationError(new ServletException("Request processing failed", app)));
    assertSame(app, ServletRequestTracker.applicationError(
        new javax.servlet.ServletException(new ServletException(app))));
    assertSame(app, ServletRequestTracker.applicationError(app));
    ServletException withoutCause = new ServletException("no cause");
    assertSame(withoutCause, ServletRequestTracker.applicationError(withoutCause));
    RuntimeException otherWrapper = new RuntimeException(app);
    assertSame(otherWrapper, ServletRequestTracker.applicationError(otherWrapper), "only servlet wrappers are looked through");
    assertNull(ServletRequestTracker.applicationError(null));
  }
}
