package io.lantern.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small service with no knowledge of Lantern: a few routes with ids, a slow one, a failing one.
 * The agent is what makes it observable.
 */
public final class DemoApp {
  private DemoApp() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.getInteger("app.port", 8080);
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/hello", exchange -> respond(exchange, 200, "hello\n"));
    server.createContext("/users/", exchange -> {
      String id = exchange.getRequestURI().getPath().substring("/users/".length());
      respond(exchange, id.isEmpty() ? 404 : 200, "user " + id + "\n");
    });
    server.createContext("/slow", exchange -> {
      sleep(ThreadLocalRandom.current().nextInt(50, 300));
      respond(exchange, 200, "slow\n");
    });
    server.createContext("/error", exchange -> {
      throw new IllegalStateException("the demo fails on purpose");
    });
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
