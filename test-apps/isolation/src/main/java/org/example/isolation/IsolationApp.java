package org.example.isolation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * An app that brings its own (older) copies of the libraries the agent uses inside: slf4j 1.7 +
 * logback 1.2 (configured by its own logback.xml), Byte Buddy 1.12, OpenTelemetry API 1.30 and
 * Prometheus simpleclient 0.12 with its own metrics endpoint on {@code -Dapp.metrics-port}.
 *
 * <p>{@code GET /check} uses every one of them and answers {@code key=value} lines: the version of
 * each library as seen from the class the app loaded, where that class came from, and whether any of
 * the agent's own classes is visible to the app.
 */
public final class IsolationApp {
  private static final Logger LOG = LoggerFactory.getLogger(IsolationApp.class);

  /** Classes of the agent that must never be visible to the application class loader. */
  private static final String[] AGENT_CLASSES = {
    "io.lantern.shaded.net.bytebuddy.ByteBuddy",
    // Byte Buddy's AgentBuilder injects this one into the system class loader; Lantern weaves without it
    "io.lantern.shaded.net.bytebuddy.dynamic.Nexus",
    "io.lantern.shaded.io.opentelemetry.api.trace.Span",
    "io.lantern.shaded.io.prometheus.client.Counter",
    "io.lantern.agent.util.MpscArrayQueue",
    "io.lantern.agent.Names",
    "io.lantern.agent.AgentContext",
  };

  private IsolationApp() {}

  public static void main(String[] args) throws Exception {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed
    // ACK: ~40 ms per keep-alive request. Must be set before the server classes load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    CollectorRegistry registry = new CollectorRegistry();
    Counter checks = Counter.build("app_checks", "Checks served by the app.").register(registry);
    int metricsPort = Integer.getInteger("app.metrics-port", 0);
    HTTPServer appMetrics = new HTTPServer(new InetSocketAddress(metricsPort), registry, true);

    HttpServer server = HttpServer.create(new InetSocketAddress(Integer.getInteger("app.port", 8080)), 64);
    server.createContext("/hello", ex -> send(ex, 200, "hello"));
    server.createContext("/check", ex -> {
      String body;
      try {
        body = check(checks);
      } catch (Throwable t) {
        LOG.error("check failed", t);
        send(ex, 500, "check failed: " + t);
        return;
      }
      send(ex, 200, body);
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    LOG.info("isolation app started, own metrics on port {}", appMetrics.getPort());
    System.out.println("APP_METRICS " + appMetrics.getPort());
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  static String check(Counter checks) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();

    // slf4j + logback: log for real, report the binding
    LOG.info("check requested");
    out.put("slf4j.version", pomVersion(Logger.class, "org.slf4j", "slf4j-api"));
    out.put("slf4j.origin", origin(Logger.class));
    out.put("slf4j.factory", LoggerFactory.getILoggerFactory().getClass().getName());
    out.put("logback.version", pomVersion(ch.qos.logback.classic.Logger.class, "ch.qos.logback", "logback-classic"));
    out.put("logback.origin", origin(ch.qos.logback.classic.Logger.class));
    out.put("mdc.trace_id", String.valueOf(MDC.get("trace_id")));

    // Byte Buddy: make a subclass and call it
    Class<? extends Callable> type = new ByteBuddy()
        .subclass(Callable.class)
        .method(ElementMatchers.named("call"))
        .intercept(FixedValue.value("made by the app's byte buddy"))
        .make()
        .load(IsolationApp.class.getClassLoader())
        .getLoaded();
    out.put("bytebuddy.result", String.valueOf(type.getDeclaredConstructor().newInstance().call()));
    out.put("bytebuddy.version", pomVersion(ByteBuddy.class, "net.bytebuddy", "byte-buddy"));
    out.put("bytebuddy.origin", origin(ByteBuddy.class));

    // OpenTelemetry API: read the current span
    SpanContext current = Span.current().getSpanContext();
    out.put("otel.span.valid", String.valueOf(current.isValid()));
    out.put("otel.span.trace_id", current.getTraceId());
    out.put("otel.version", resourceProperty(Span.class, "/io/opentelemetry/api/version.properties"));
    out.put("otel.origin", origin(Span.class));

    // Prometheus simpleclient: count in the app's own registry
    checks.inc();
    out.put("simpleclient.version", pomVersion(Counter.class, "io.prometheus", "simpleclient"));
    out.put("simpleclient.origin", origin(Counter.class));
    out.put("simpleclient.count", String.valueOf(checks.get()));

    // none of the agent's classes may be visible from here
    ClassLoader app = IsolationApp.class.getClassLoader();
    for (String name : AGENT_CLASSES) {
      String seen;
      try {
        Class<?> c = Class.forName(name, false, app);
        seen = "VISIBLE from " + origin(c);
      } catch (ClassNotFoundException e) {
        seen = "absent";
      }
      out.put("agent." + name, seen);
    }

    StringBuilder sb = new StringBuilder();
    out.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  /** The version in the library's own META-INF/maven pom.properties, read through its class. */
  static String pomVersion(Class<?> anchor, String group, String artifact) throws IOException {
    return property(anchor, "/META-INF/maven/" + group + "/" + artifact + "/pom.properties", "version");
  }

  /** The first value of a properties resource shipped inside the library (e.g. OTel's version.properties). */
  static String resourceProperty(Class<?> anchor, String resource) throws IOException {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.isEmpty() ? "unknown" : String.valueOf(p.values().iterator().next());
    }
  }

  static String property(Class<?> anchor, String resource, String key) throws IOException {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty(key, "unknown");
    }
  }

  static String origin(Class<?> c) {
    CodeSource cs = c.getProtectionDomain().getCodeSource();
    return cs == null || cs.getLocation() == null ? "bootstrap" : cs.getLocation().toString();
  }

  static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }
}
