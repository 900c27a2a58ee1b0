package io.lantern.testapps.applogs.jul;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A JDK HttpServer app logging through java.util.logging only: its own console handler and format
 * (on stderr, as JUL's {@code ConsoleHandler} writes), a logger filter that drops records mentioning
 * "secret". {@code GET /work} logs known records, {@code GET /ping} one INFO line. Prints
 * {@code LISTENING <port>}.
 */
public final class JulApp {
  private static final Logger LOG = Logger.getLogger(JulApp.class.getName());

  private JulApp() {}

  public static void main(String[] args) throws IOException {
    Logger root = Logger.getLogger("");
    for (java.util.logging.Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord record) {
        String text = String.format("%1$tH:%1$tM:%1$tS.%1$tL %2$s %3$s - %4$s%n", record.getMillis(), record.getLevel(),
            record.getLoggerName(), formatMessage(record));
        return record.getThrown() == null ? text : text + record.getThrown() + System.lineSeparator();
      }
    });
    root.addHandler(console);
    LOG.setFilter(record -> !record.getMessage().contains("secret"));

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("app.port", 8080)), 0);
    server.createContext("/work", exchange -> {
      LOG.fine("below the app's level");
      LOG.info("a secret the filter drops");
      LOG.info("hello world");
      LOG.log(Level.WARNING, "order {0} is slow", 7);
      LOG.log(Level.SEVERE, "work failed", new IllegalStateException("outer", new IllegalArgumentException("inner cause")));
      byte[] bytes = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.createContext("/ping", exchange -> {
      LOG.info("ping");
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    LOG.info("started");
    System.out.println("LISTENING " + server.getAddress().getPort());
  }
}
