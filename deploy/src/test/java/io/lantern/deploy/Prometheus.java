package io.lantern.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.harness.AgentApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Debian's Prometheus binary in a child process: deploy/prometheus/prometheus-standalone.yml with its
 * target pointed at an agent and both intervals at 1 s, the rules directory beside it, exemplar
 * storage on, a temporary data directory and a free port.
 */
final class Prometheus implements AutoCloseable {
  static final String SCRAPE_INTERVAL = "1s";

  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Prometheus(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static Prometheus scraping(String target) throws IOException {
    Path deploy = Deploy.dir();
    Path dir = Files.createTempDirectory("lantern-prometheus-");
    String config = Deploy.read(deploy.resolve("prometheus/prometheus-standalone.yml"));
    String patched = config.replace("'localhost:9464'", "'" + target + "'")
        .replace("scrape_interval: 15s", "scrape_interval: " + SCRAPE_INTERVAL)
        .replace("evaluation_interval: 15s", "evaluation_interval: " + SCRAPE_INTERVAL);
    if (patched.equals(config) || !patched.contains(target)) {
      throw new AssertionError("prometheus-standalone.yml no longer has the lines this test replaces:\n" + config);
    }
    Files.writeString(dir.resolve("prometheus.yml"), patched);
    Files.createDirectories(dir.resolve("rules"));
    for (Path rules : Deploy.files("prometheus/rules", ".yml")) {
      Files.copy(rules, dir.resolve("rules").resolve(rules.getFileName()));
    }
    int port = AgentApp.freePort();
    List<String> cmd = List.of(Deploy.tool("prometheus"),
        "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--enable-feature=exemplar-storage");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.out").toFile()).start();
    Prometheus prom = new Prometheus(p, dir, port);
    prom.awaitReady();
    return prom;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited " + process.exitValue() + "\n" + output());
      }
      try {
        if (http.send(HttpRequest.newBuilder(uri("/-/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(100);
    }
    throw new AssertionError("prometheus not ready in 30 s\n" + output());
  }

  String output() {
    try {
      String s = Files.readString(dir.resolve("prometheus.out"));
      return s.length() > 6000 ? "..." + s.substring(s.length() - 6000) : s;
    } catch (IOException e) {
      return "<no output: " + e + ">";
    }
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /** GET an API path with query parameters (name, value pairs); returns the whole JSON answer, whatever its status. */
  JsonNode api(String path, String... params) {
    StringBuilder q = new StringBuilder(path);
    for (int i = 0; i < params.length; i += 2) {
      q.append(i == 0 ? '?' : '&').append(params[i]).append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(q.toString())).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return Deploy.JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + q, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The data of a successful answer; fails with Prometheus's error otherwise. */
  JsonNode data(String what, JsonNode answer) {
    if (!"success".equals(answer.path("status").asText())) {
      throw new AssertionError(what + " -> " + answer.path("errorType").asText() + ": " + answer.path("error").asText());
    }
    return answer.path("data");
  }

  /** Instant query at now; the result array. */
  JsonNode query(String expr) {
    return data(expr, api("/api/v1/query", "query", expr)).path("result");
  }

  double scalar(String expr) {
    JsonNode r = query(expr);
    if (r.size() != 1) {
      throw new AssertionError(expr + " returned " + r.size() + " series: " + r);
    }
    return Double.parseDouble(r.get(0).path("value").get(1).asText());
  }

  /** The value of a one-series instant query; 0 while it has no series yet (before the first scrape). */
  double valueOrZero(String expr) {
    JsonNode r = query(expr);
    return r.size() == 0 ? 0 : Double.parseDouble(r.get(0).path("value").get(1).asText());
  }

  /**
   * Polls {@code condition} every 200 ms; after {@code seconds} fails naming {@code what}, with
   * Prometheus's output and {@code appDiagnostics} (the scraped apps' own).
   */
  void await(String what, BooleanSupplier condition, int seconds, Supplier<String> appDiagnostics) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "\n--- prometheus ---\n" + output() + appDiagnostics.get());
      }
      sleep(200);
    }
  }

  long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  /** Range query over the last {@code rangeSeconds}, step {@code stepSeconds}; the result array. */
  JsonNode queryRange(String expr, long rangeSeconds, long stepSeconds) {
    long end = nowSeconds();
    return data(expr, api("/api/v1/query_range", "query", expr, "start", String.valueOf(end - rangeSeconds),
        "end", String.valueOf(end), "step", stepSeconds + "s")).path("result");
  }

  List<JsonNode> rules() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode g : data("rules", api("/api/v1/rules")).path("groups")) {
      g.path("rules").forEach(out::add);
    }
    return out;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    if (!Boolean.getBoolean("lantern.it.keep")) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // best effort
      }
    }
  }
}
