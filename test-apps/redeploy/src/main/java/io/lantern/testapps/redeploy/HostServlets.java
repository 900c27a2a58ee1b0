package io.lantern.testapps.redeploy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host's own servlets, defined by the host's loader at the container's root:
 *
 * <ul>
 *   <li>{@code /admin/deploy}: deploys the webapp; answers its loader's identity hash (hex).
 *   <li>{@code /admin/undeploy}: undeploys it; from then on only a weak reference to its loader is kept.
 *   <li>{@code /admin/reachable}: runs full GCs until every undeployed loader is collected, or
 *       five rounds in a row collected none; answers how many are still reachable.
 *   <li>{@code /ping}: answers {@code pong}; what the webapp's OkHttp client calls.
 * </ul>
 */
final class HostServlets {
  private final List<WeakReference<ClassLoader>> undeployed = new ArrayList<>();
  private Container container;
  private Map<String, String> contextParameters;
  private ClassLoader deployed;

  void bind(Container container, Map<String, String> contextParameters) {
    this.container = container;
    this.contextParameters = contextParameters;
  }

  /** The context parameters each deployment gets. */
  Map<String, String> contextParameters() {
    return contextParameters;
  }

  HttpServlet admin() {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String answer;
        try {
          answer = run(req.getPathInfo());
        } catch (Exception e) {
          throw new IOException(e);
        }
        if (answer == null) {
          resp.sendError(404);
          return;
        }
        resp.setContentType("text/plain");
        resp.getWriter().print(answer);
      }
    };
  }

  HttpServlet ping() {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().print("pong");
      }
    };
  }

  private synchronized String run(String action) throws Exception {
    switch (String.valueOf(action)) {
      case "/deploy":
        deployed = container.deploy();
        return Integer.toHexString(System.identityHashCode(deployed));
      case "/undeploy":
        container.undeploy();
        undeployed.add(new WeakReference<>(deployed));
        deployed = null;
        return "undeployed";
      case "/reachable":
        // a loader can take a few rounds: a Cleaner thread of its own ends only after a GC found
        // its Cleaner unreachable, and only then is the loader's last reference gone
        int reachable = reachable();
        for (int idle = 0; reachable > 0 && idle < 5; ) {
          System.gc();
          Thread.sleep(50);
          int now = reachable();
          idle = now < reachable ? 0 : idle + 1;
          reachable = now;
        }
        return String.valueOf(reachable);
      default:
        return null;
    }
  }

  private int reachable() {
    int count = 0;
    for (WeakReference<ClassLoader> loader : undeployed) {
      if (loader.get() != null) {
        count++;
      }
    }
    return count;
  }
}
