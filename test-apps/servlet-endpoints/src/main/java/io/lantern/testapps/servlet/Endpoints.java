package io.lantern.testapps.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The servlets and filters every servlet test app serves. Each app also maps an error page for
 * {@code IllegalStateException} to {@code /status/500}, so {@code /error} exercises an ERROR
 * dispatch. Written once against jakarta; the Tomcat 9
 * app relocates it to javax when it packages, so the javax and jakarta apps run the same code.
 */
public final class Endpoints {
  private Endpoints() {}

  private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "async-completer");
    t.setDaemon(true);
    return t;
  });

  static void text(HttpServletResponse resp, int status, String body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/plain;charset=utf-8");
    resp.getWriter().write(body);
  }

  private static String rest(HttpServletRequest req) {
    String info = req.getPathInfo();
    return info == null || info.length() < 2 ? "" : info.substring(1);
  }

  /** {@code /hello}. */
  public static final class Hello extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      text(resp, 200, "hello");
    }
  }

  /** {@code /users/*}. */
  public static final class Users extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      text(resp, 200, "user " + rest(req));
    }
  }

  /** {@code /error}. */
  public static final class Error extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      throw new IllegalStateException("boom");
    }
  }

  /** {@code /status/*}: answers the code in the path. */
  public static final class Status extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      int code;
      try {
        code = Integer.parseInt(rest(req));
      } catch (NumberFormatException e) {
        text(resp, 400, "bad status code");
        return;
      }
      text(resp, code, "status " + code);
    }
  }

  /** {@code /async}: completes from another thread after 200 ms. */
  public static final class Async extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      AsyncContext ctx = req.startAsync();
      LATER.schedule(() -> {
        try {
          text((HttpServletResponse) ctx.getResponse(), 200, "async");
        } catch (IOException e) {
          e.printStackTrace();
        } finally {
          ctx.complete();
        }
      }, 200, TimeUnit.MILLISECONDS);
    }
  }

  /** {@code /forward}: forwards to {@code /hello}. */
  public static final class Forward extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
      req.getRequestDispatcher("/hello").forward(req, resp);
    }
  }

  /** {@code /include}: includes {@code /hello} between two lines of its own. */
  public static final class Include extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
      resp.setContentType("text/plain;charset=utf-8");
      resp.getWriter().write("before|");
      req.getRequestDispatcher("/hello").include(req, resp);
      resp.getWriter().write("|after");
    }
  }

  /** {@code /} (the default mapping): everything unmatched is a 404. */
  public static final class NotFound extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      text(resp, 404, "not found");
    }
  }

  /** Mapped on {@code /*} twice, so every request crosses filter, filter, servlet. */
  public static final class PassThrough implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(request, response);
    }
  }
}
