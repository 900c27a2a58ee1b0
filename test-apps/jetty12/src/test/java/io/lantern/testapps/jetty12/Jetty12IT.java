package io.lantern.testapps.jetty12;

import io.lantern.harness.ServletAgentSuite;
import org.junit.jupiter.api.Test;

/** The agent on Jetty 12 ee10: the servlet acceptance suite plus concurrency. */
class Jetty12IT extends ServletAgentSuite {

  @Test
  void concurrentRequestsAreCountedExactly() throws Exception {
    assertConcurrentRequestsCountedExactly(app, "/hello", server("/hello", 200, ""), 8, 500);
  }
}
