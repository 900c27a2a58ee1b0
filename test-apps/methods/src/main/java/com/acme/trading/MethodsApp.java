package com.acme.trading;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * A JDK HttpServer app whose {@code /work} handler calls, inside the request, every shape of
 * method the methods module measures: a plain class, an interface with two implementations, an
 * abstract class, an overloaded method, a static method, a recursive method, a method throwing a
 * checked exception, a {@code CompletableFuture} completed 300 ms later (and one failing), a
 * Reactor {@code Mono}, and {@code @WithSpan} methods. It answers with what the caller saw, so a
 * test can check results and exceptions are unchanged. Prints {@code LISTENING <port>}. (Not under
 * {@code io.lantern}: the agent never weaves its own package.)
 */
public final class MethodsApp {
  static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "app-timer");
    t.setDaemon(true);
    return t;
  });

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("app.port", 0)), 0);
    server.createContext("/work", MethodsApp::work);
    server.createContext("/hello", exchange -> answer(exchange, "hello"));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
  }

  private static void work(HttpExchange exchange) {
    StringBuilder out = new StringBuilder();
    try {
      Pricing pricing = new Pricing();
      out.append("quote=").append(pricing.quote(3)).append('\n');
      out.append("internal=").append(pricing.internal()).append('\n');
      for (Trader trader : List.of(new MomentumTrader(pricing), new MeanReversionTrader())) {
        out.append("decide=").append(trader.decide("ACME")).append('\n');
      }
      Orders orders = new Orders();
      out.append("place=").append(orders.place("a")).append(',').append(orders.place("b", 2)).append('\n');
      out.append("validate=").append(Checks.validate("ok")).append('\n');
      out.append("factorial=").append(Maths.factorial(5)).append('\n');
      RiskCheck risk = new LimitRiskCheck();
      out.append("check=").append(risk.check(10)).append('\n');
      try {
        risk.check(1000);
        out.append("thrown=none\n");
      } catch (RiskLimitException e) {
        out.append("thrown=").append(e.getClass().getName()).append(':').append(e.getMessage())
            .append(':').append(e.getStackTrace()[0].getClassName()).append('.').append(e.getStackTrace()[0].getMethodName())
            .append('\n');
      }
      Settlement settlement = new Settlement();
      CompletableFuture<String> settled = settlement.settle("t1", false);
      out.append("settled=").append(settled.get(5, TimeUnit.SECONDS)).append('\n');
      CompletableFuture<String> failed = settlement.settle("t2", true);
      try {
        failed.get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        out.append("settleFailed=").append(e.getCause().getClass().getName()).append('\n');
      }
      out.append("mono=").append(settlement.confirm("t1").block(Duration.ofSeconds(5))).append('\n');
      Reports reports = new Reports();
      out.append("publish=").append(reports.publish("daily")).append('\n');
      out.append("audit=").append(reports.audit()).append('\n');
      answer(exchange, out.toString());
    } catch (Throwable t) {
      out.append("unexpected=").append(t);
      try {
        answer(exchange, out.toString());
      } catch (Exception ignored) {
        // the test sees the failure
      }
    }
  }

  private static void answer(HttpExchange exchange, String body) throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }

  /** A plain class: {@code quote} is configured, {@code internal} is not. */
  public static final class Pricing {
    public int quote(int units) {
      return units * 7;
    }

    public int internal() {
      return 1;
    }
  }

  /** An interface configured by name: both implementations are measured. */
  public interface Trader {
    String decide(String symbol);
  }

  public static final class MomentumTrader implements Trader {
    private final Pricing pricing;

    MomentumTrader(Pricing pricing) {
      this.pricing = pricing;
    }

    @Override
    public String decide(String symbol) {
      return pricing.quote(1) > 5 ? "BUY " + symbol : "HOLD";
    }
  }

  public static final class MeanReversionTrader implements Trader {
    @Override
    public String decide(String symbol) {
      return "SELL " + symbol;
    }
  }

  /** An overloaded method: the one-argument form delegates to the other (one call of the name, not two). */
  public static final class Orders {
    public String place(String item) {
      return place(item, 1);
    }

    public String place(String item, int quantity) {
      return quantity + "x" + item;
    }
  }

  public static final class Checks {
    public static boolean validate(String input) {
      return !input.isEmpty();
    }
  }

  public static final class Maths {
    public static long factorial(int n) {
      return n <= 1 ? 1 : n * factorial(n - 1);
    }
  }

  /** An abstract class configured by name: its subclass's method is measured. */
  public abstract static class RiskCheck {
    public abstract int check(int amount) throws RiskLimitException;
  }

  public static final class LimitRiskCheck extends RiskCheck {
    @Override
    public int check(int amount) throws RiskLimitException {
      if (amount > 100) {
        throw new RiskLimitException("amount " + amount + " over limit 100");
      }
      return amount;
    }
  }

  public static final class RiskLimitException extends Exception {
    RiskLimitException(String message) {
      super(message);
    }
  }

  public static final class SettlementFailedException extends RuntimeException {
    SettlementFailedException(String message) {
      super(message);
    }
  }

  public static final class Settlement {
    /** Completed (or failed) 300 ms later, on another thread. */
    public CompletableFuture<String> settle(String trade, boolean fail) {
      CompletableFuture<String> future = new CompletableFuture<>();
      TIMER.schedule(() -> {
        if (fail) {
          future.completeExceptionally(new SettlementFailedException(trade));
        } else {
          future.complete("settled " + trade);
        }
      }, 300, TimeUnit.MILLISECONDS);
      return future;
    }

    /** A Mono emitting 100 ms after subscription. */
    public Mono<String> confirm(String trade) {
      return Mono.delay(Duration.ofMillis(100)).map(x -> "confirmed " + trade);
    }
  }

  /** OpenTelemetry's annotation: measured without configuration. */
  public static final class Reports {
    @WithSpan(value = "publish report", kind = SpanKind.PRODUCER)
    public String publish(String name) {
      return "published " + name;
    }

    @WithSpan
    public String audit() {
      return "audited";
    }
  }
}
