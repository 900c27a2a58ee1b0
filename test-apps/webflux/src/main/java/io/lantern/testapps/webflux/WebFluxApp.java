package io.lantern.testapps.webflux;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Spring Boot WebFlux app on Reactor Netty, run from its executable jar. Serves the shared suite's
 * endpoints plus reactive shapes: an SSE stream, a long stream to walk away from, a JDBC call on
 * {@code boundedElastic()}, a {@code Mono.error}, a {@code ResponseStatusException} and a
 * functional route. {@code -Dapp.port} (0 = ephemeral); prints {@code LISTENING <port>}.
 */
@SpringBootApplication
@RestController
public class WebFluxApp implements ApplicationListener<ApplicationReadyEvent> {
  static final String DB_URL = "jdbc:h2:mem:webflux;DB_CLOSE_DELAY=-1";

  private final WebClient web;

  /** Spring's own builder, not Boot's bean: Boot 4 moved that to a module of its own, and the source is shared with Boot 4's build. */
  public WebFluxApp() {
    this.web = WebClient.builder().build();
  }

  public static void main(String[] args) throws SQLException {
    System.setProperty("server.port", Integer.toString(Integer.getInteger("app.port", 8080)));
    try (Connection c = DriverManager.getConnection(DB_URL); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40))");
      s.execute("INSERT INTO users VALUES (1, 'ada'), (2, 'alan')");
    }
    SpringApplication.run(WebFluxApp.class, args);
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    // local.server.port: set by Boot 3 and 4 once the server listens (WebServerInitializedEvent moved package in 4)
    System.out.println("LISTENING " + event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
    System.out.flush();
  }

  @GetMapping("/hello")
  public String hello() {
    return "hello";
  }

  @GetMapping("/users/{id}")
  public Mono<String> user(@PathVariable("id") String id) {
    return Mono.just("user " + id);
  }

  @GetMapping("/error")
  public String error() {
    throw new IllegalStateException("boom");
  }

  @GetMapping("/status/{code}")
  public ResponseEntity<String> status(@PathVariable("code") int code) {
    return ResponseEntity.status(code).body("status " + code);
  }

  @GetMapping("/mono-error")
  public Mono<String> monoError() {
    return Mono.error(new IllegalArgumentException("signalled"));
  }

  @GetMapping("/gone/{id}")
  public Mono<String> gone(@PathVariable("id") String id) {
    return Mono.error(new ResponseStatusException(HttpStatus.GONE, "gone " + id));
  }

  /** Five events 100 ms apart: the request ends after the last one, at least 0.4 s after the first. */
  @GetMapping(path = "/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<String> sse() {
    return Flux.range(0, 5).delayElements(Duration.ofMillis(100)).map(i -> "chunk " + i);
  }

  /** A stream far longer than any test waits: a client walks away from it. */
  @GetMapping(path = "/endless", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<String> endless() {
    return Flux.range(0, 600).delayElements(Duration.ofMillis(50)).map(i -> "tick " + i);
  }

  /** Two statements in a blocking callable moved to boundedElastic: both children of the request's span. */
  @GetMapping("/db")
  public Mono<String> db() {
    return Mono.fromCallable(WebFluxApp::names).subscribeOn(Schedulers.boundedElastic()).map(n -> "names " + n);
  }

  /**
   * Two statements on boundedElastic, then a {@code WebClient} call to {@code /users/7} of the
   * service on {@code port}, then one more statement where the response arrives (the client's event
   * loop): all in the request's trace, three in its {@code db_count}.
   */
  @GetMapping("/chain")
  public Mono<String> chain(@RequestParam("port") int port) {
    return Mono.fromCallable(WebFluxApp::names).subscribeOn(Schedulers.boundedElastic())
        .flatMap(names -> web.get().uri("http://localhost:" + port + "/users/7").retrieve().bodyToMono(String.class)
            .map(peer -> names + " | " + peer + " | " + userCount()));
  }

  private static int userCount() {
    try (Connection c = DriverManager.getConnection(DB_URL); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String names() throws SQLException {
    StringBuilder names = new StringBuilder();
    try (Connection c = DriverManager.getConnection(DB_URL); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 1")) {
        rs.next();
        names.append(rs.getString(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 2")) {
        rs.next();
        names.append(',').append(rs.getString(1));
      }
    }
    return names.toString();
  }

  /**
   * Bytes allocated so far by every live thread of the JVM (HotSpot's per-thread counters): the
   * allocation-per-request measurement reads it before and after a batch of requests.
   */
  @GetMapping("/allocated")
  public String allocated() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(bytes, 0);
    }
    return Long.toString(total);
  }

  @Bean
  RouterFunction<ServerResponse> functionalRoutes() {
    return route().GET("/fn/items/{id}", request -> ServerResponse.ok().bodyValue("item " + request.pathVariable("id")))
        .build();
  }
}
