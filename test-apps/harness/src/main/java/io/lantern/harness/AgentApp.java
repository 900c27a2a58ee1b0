package io.lantern.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An application jar running in a child JVM, with the Lantern agent attached (unless
 * {@link Builder#withoutAgent()}), plus everything a test needs to talk to it: HTTP helpers, metric
 * scrapes and the JSON event log.
 *
 * <pre>
 * try (AgentApp app = AgentApp.builder(jar).sysProp("lantern.x", "y").start()) {
 *   app.get("/hello");
 *   app.awaitMetric("http_server_request_duration_seconds_count", labels, 1, Duration.ofSeconds(10));
 * }
 * </pre>
 *
 * <p>The child runs {@code <java> [-javaagent:<lantern.agent.jar>] -Dlantern.metrics.port=<port>
 * -Dlantern.log.file=<fresh dir>/lantern.log -Dapp.port=0 <sysprops> -jar app.jar} (a sysProp given to
 * the builder replaces the default of the same key) and must print {@code LISTENING <port>} on stdout.
 */
public final class AgentApp implements AutoCloseable {
  /** System property naming the built agent jar (set by failsafe from the root pom). */
  public static final String AGENT_JAR_PROPERTY = "lantern.agent.jar";
  /** System property naming the app jar under test (set by failsafe in each app module). */
  public static final String APP_JAR_PROPERTY = "app.jar";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("^LISTENING (\\d+)\\s*$");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final Process process;
  private final Path dir;
  private final Path stdout;
  private final Path stderr;
  private final Path logFile;
  private final int metricsPort;
  private final boolean agent;
  private final List<String> command;
  private final HttpClient http;
  private int appPort;

  private AgentApp(Process process, Path dir, Path logFile, int metricsPort, boolean agent, List<String> command) {
    this.process = process;
    this.dir = dir;
    this.stdout = dir.resolve("stdout.txt");
    this.stderr = dir.resolve("stderr.txt");
    this.logFile = logFile;
    this.metricsPort = metricsPort;
    this.agent = agent;
    this.command = command;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  public static Builder builder(Path appJar) {
    return new Builder(appJar);
  }

  /** The app jar named by system property {@value #APP_JAR_PROPERTY}, else {@code target/app.jar}. */
  public static Path appJarFromProperty() {
    Path jar = Path.of(System.getProperty(APP_JAR_PROPERTY, "target/app.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("app jar " + jar + " does not exist; run 'mvn package' for this module first");
    }
    return jar;
  }

  /** The agent jar named by system property {@value #AGENT_JAR_PROPERTY}; fails clearly when missing. */
  public static Path agentJar() {
    String p = System.getProperty(AGENT_JAR_PROPERTY);
    if (p == null || p.isBlank()) {
      throw new IllegalStateException("system property " + AGENT_JAR_PROPERTY + " is not set (run the IT through maven-failsafe)");
    }
    Path jar = Path.of(p);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("agent jar " + jar + " does not exist; build the agent module first (mvn -pl agent -am package)");
    }
    return jar;
  }

  /** A TCP port that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static final class Builder {
    private final Path appJar;
    private boolean agent = true;
    private Path javaHome = Path.of(System.getProperty("java.home"));
    private final Map<String, String> sysProps = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> appArgs = new ArrayList<>();
    private int metricsPort = -1;

    private Builder(Path appJar) {
      this.appJar = appJar.toAbsolutePath();
    }

    public Builder withoutAgent() {
      this.agent = false;
      return this;
    }

    public Builder javaHome(Path javaHome) {
      this.javaHome = javaHome;
      return this;
    }

    /** A {@code -Dkey=value}; replaces the harness default for the same key. */
    public Builder sysProp(String key, String value) {
      sysProps.put(key, value);
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public Builder jvmArg(String... args) {
      jvmArgs.addAll(List.of(args));
      return this;
    }

    public Builder appArg(String... args) {
      appArgs.addAll(List.of(args));
      return this;
    }

    public Builder metricsPort(int port) {
      this.metricsPort = port;
      return this;
    }

    /** Starts the JVM and waits (60 s max) for {@code LISTENING <port>} on its stdout. */
    public AgentApp start() {
      if (!Files.isRegularFile(appJar)) {
        throw new IllegalStateException("app jar " + appJar + " does not exist; run 'mvn package' for its module first");
      }
      Path dir;
      try {
        dir = Files.createTempDirectory("lantern-it-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      int port = metricsPort >= 0 ? metricsPort : freePort();
      Map<String, String> props = new LinkedHashMap<>();
      props.put("lantern.metrics.port", String.valueOf(port));
      props.put("lantern.log.file", dir.resolve("lantern.log").toString());
      // keep every event of a test run in one file (the harness does not follow rotation)
      props.put("lantern.log.max-file-size", "100MB");
      props.put("app.port", "0");
      props.putAll(sysProps);

      List<String> cmd = new ArrayList<>();
      cmd.add(javaHome.resolve("bin").resolve("java").toString());
      if (agent) {
        cmd.add("-javaagent:" + agentJar());
      }
      cmd.addAll(jvmArgs);
      props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      cmd.add("-jar");
      cmd.add(appJar.toString());
      cmd.addAll(appArgs);

      ProcessBuilder pb = new ProcessBuilder(cmd)
          .directory(dir.toFile())
          .redirectOutput(dir.resolve("stdout.txt").toFile())
          .redirectError(dir.resolve("stderr.txt").toFile());
      // hermetic: nothing from the developer's shell configures the agent or the JVM
      pb.environment().keySet().removeIf(k -> k.startsWith("LANTERN_") || k.startsWith("OTEL_")
          || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS") || k.equals("_JAVA_OPTIONS"));
      pb.environment().putAll(env);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + cmd, e);
      }
      AgentApp app = new AgentApp(p, dir, Path.of(props.get("lantern.log.file")), port, agent, List.copyOf(cmd));
      try {
        app.awaitListening();
      } catch (RuntimeException | Error e) {
        app.close();
        throw e;
      }
      return app;
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      for (String line : readLines(stdout)) {
        Matcher m = LISTENING.matcher(line);
        if (m.matches()) {
          appPort = Integer.parseInt(m.group(1));
          return;
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("app exited with code " + process.exitValue() + " before printing LISTENING\n" + diagnostics());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("app did not print LISTENING within " + START_TIMEOUT.toSeconds() + " s\n" + diagnostics());
      }
      sleep(50);
    }
  }

  // ---------------------------------------------------------------- accessors

  public int appPort() {
    return appPort;
  }

  public int metricsPort() {
    return metricsPort;
  }

  public Path logFile() {
    return logFile;
  }

  /** Everything the app printed on stdout so far. */
  public String stdout() {
    return readString(stdout);
  }

  public String stderr() {
    return readString(stderr);
  }

  public URI baseUri() {
    return URI.create("http://localhost:" + appPort);
  }

  public boolean hasAgent() {
    return agent;
  }

  /** The child JVM's process id, e.g. for {@code jcmd}. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public List<String> command() {
    return command;
  }

  /** Command line, tails of stdout/stderr and of the event log, for failure messages. */
  public String diagnostics() {
    return "command: " + String.join(" ", command)
        + "\n--- stdout (tail) ---\n" + tail(readString(stdout), 6000)
        + "\n--- stderr (tail) ---\n" + tail(readString(stderr), 6000)
        + "\n--- " + logFile + " (tail) ---\n" + tail(readString(logFile), 4000);
  }

  // ---------------------------------------------------------------- HTTP

  /** GET on the app; {@code headers} are name, value pairs. Throws on transport failure. */
  public Response get(String path, String... headers) {
    return send(baseUri().resolve(path), headers);
  }

  /**
   * GET over a fresh socket with {@code Connection: close}; empty when the server closed the
   * connection without answering (what the JDK HttpServer does when a handler throws). Never
   * retried, unlike {@link HttpClient}, which repeats an idempotent request whose connection dies.
   */
  public Optional<Response> rawGet(String path, String... headers) {
    if (headers.length % 2 != 0) {
      throw new IllegalArgumentException("headers must be name, value pairs");
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", appPort), 5000);
      socket.setSoTimeout(30_000);
      StringBuilder req = new StringBuilder()
          .append("GET ").append(path).append(" HTTP/1.1\r\n")
          .append("Host: localhost:").append(appPort).append("\r\n")
          .append("Connection: close\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      req.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      byte[] all;
      try {
        all = socket.getInputStream().readAllBytes();
      } catch (java.net.SocketException e) {
        return Optional.empty(); // reset without an answer
      }
      if (all.length == 0) {
        return Optional.empty();
      }
      return Optional.of(parseRaw(all));
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    }
  }

  private static Response parseRaw(byte[] bytes) {
    String all = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("incomplete HTTP response: " + all);
    }
    String[] head = all.substring(0, end).split("\r\n");
    String[] statusLine = head[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    Map<String, List<String>> hdrs = new LinkedHashMap<>();
    for (int i = 1; i < head.length; i++) {
      int c = head[i].indexOf(':');
      hdrs.computeIfAbsent(head[i].substring(0, c).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(head[i].substring(c + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    List<String> te = hdrs.get("transfer-encoding");
    if (te != null && te.stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
      body = dechunk(body);
    }
    return new Response(status, new String(body, StandardCharsets.UTF_8), hdrs);
  }

  private static byte[] dechunk(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < in.length) {
      int lineEnd = i;
      while (lineEnd + 1 < in.length && !(in[lineEnd] == '\r' && in[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      String sizeText = new String(in, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size = Integer.parseInt(sizeText, 16);
      if (size == 0) {
        break;
      }
      out.write(in, lineEnd + 2, size);
      i = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  /** GET on the agent's metrics port (e.g. {@code /-/healthy}). */
  public Response metricsGet(String path, String... headers) {
    return sendRetryingConnect(URI.create("http://localhost:" + metricsPort + path), headers);
  }

  /** {@code GET /metrics} as Prometheus text 0.0.4. */
  public Metrics scrape() {
    Response r = metricsGet("/metrics", "Accept", PROMETHEUS_TEXT);
    if (r.status() != 200) {
      throw new AssertionError("GET /metrics answered " + r + "\n" + diagnostics());
    }
    return Metrics.parse(r.body());
  }

  /** {@code GET /metrics} negotiated to OpenMetrics 1.0.0 (the format that carries exemplars). */
  public Metrics scrapeOpenMetrics() {
    Response r = metricsGet("/metrics", "Accept", OPENMETRICS_TEXT);
    if (r.status() != 200) {
      throw new AssertionError("GET /metrics (OpenMetrics) answered " + r + "\n" + diagnostics());
    }
    String ct = String.valueOf(r.header("Content-Type"));
    if (!ct.startsWith("application/openmetrics-text")) {
      throw new AssertionError("asked for OpenMetrics, got Content-Type " + ct);
    }
    Metrics m = Metrics.parse(r.body());
    if (!m.hasEof()) {
      throw new AssertionError("OpenMetrics exposition without # EOF");
    }
    return m;
  }

  /** Any other URL (e.g. an app's own metrics endpoint). */
  public Response getUrl(String url, String... headers) {
    return sendRetryingConnect(URI.create(url), headers);
  }

  private Response sendRetryingConnect(URI uri, String... headers) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return sendOnce(uri, headers);
      } catch (ConnectException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("cannot connect to " + uri + "\n" + diagnostics(), e);
        }
        sleep(100);
      } catch (IOException e) {
        throw new UncheckedIOException("GET " + uri, e);
      }
    }
  }

  private Response send(URI uri, String... headers) {
    try {
      return sendOnce(uri, headers);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri, e);
    }
  }

  private Response sendOnce(URI uri, String... headers) throws IOException {
    if (headers.length % 2 != 0) {
      throw new IllegalArgumentException("headers must be name, value pairs");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.body(), r.headers().map());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  // ---------------------------------------------------------------- metrics polling

  /**
   * Polls until the sample with exactly {@code labels} reaches {@code expected}, then re-checks
   * after a short pause that it is exactly {@code expected} (no late extra increments). Returns
   * that last scrape.
   */
  public Metrics awaitMetric(String sampleName, Map<String, String> labels, double expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Metrics m;
    while (true) {
      m = scrape();
      if (m.valueOrZero(sampleName, labels) >= expected) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + sampleName + labels + " == " + expected + " within " + timeout
            + " but it is " + (m.has(sampleName, labels) ? m.value(sampleName, labels) : "absent") + "\n"
            + m.describe(sampleName));
      }
      sleep(100);
    }
    sleep(300);
    m = scrape();
    double v = m.valueOrZero(sampleName, labels);
    if (v != expected) {
      throw new AssertionError("expected " + sampleName + labels + " == " + expected + " but it is " + v + "\n"
          + m.describe(sampleName));
    }
    return m;
  }

  /** Polls the Prometheus text endpoint until {@code condition} holds. */
  public Metrics awaitMetrics(String description, Predicate<Metrics> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Metrics m = scrape();
      if (condition.test(m)) {
        return m;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("metrics never satisfied: " + description + " (within " + timeout + ")\n" + m.text());
      }
      sleep(100);
    }
  }

  /**
   * Waits (5 s max) until in-flight work has been recorded: no active requests, and the total
   * request count and the number of {@code http_request} events unchanged across two reads.
   * Lets a test on a shared app take "before" values for deltas.
   */
  public void awaitQuiet() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String previous = null;
    while (System.nanoTime() < deadline) {
      Metrics m;
      try {
        m = scrape();
      } catch (RuntimeException | AssertionError e) {
        return;
      }
      double count = m.sum("http_server_request_duration_seconds_count");
      double active = m.sum("http_server_active_requests");
      int events = events("http_request").size();
      String snapshot = count + "/" + active + "/" + events;
      if (snapshot.equals(previous) && active == 0) {
        return;
      }
      previous = snapshot;
      sleep(150);
    }
  }

  // ---------------------------------------------------------------- events

  /**
   * Every complete line of the log file, each parsed as a JSON object; a line that is not one fails.
   * A trailing line without its newline (still being written) is left out.
   */
  public List<JsonNode> events() {
    String text = readString(logFile);
    int lastNewline = text.lastIndexOf('\n');
    if (lastNewline < 0) {
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    String[] lines = text.substring(0, lastNewline).split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        throw new AssertionError("line " + (i + 1) + " of " + logFile + " is not JSON: " + line, e);
      }
      if (node == null || !node.isObject()) {
        throw new AssertionError("line " + (i + 1) + " of " + logFile + " is not a JSON object: " + line);
      }
      out.add(node);
    }
    return out;
  }

  /** The events whose {@code event} field is {@code eventName}, in log order. */
  public List<JsonNode> events(String eventName) {
    return events().stream()
        .filter(e -> eventName.equals(e.path("event").asText(null)))
        .collect(Collectors.toList());
  }

  /** Polls until at least {@code count} {@code eventName} events exist; returns all of them. */
  public List<JsonNode> awaitEvents(String eventName, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<JsonNode> found = events(eventName);
      if (found.size() >= count) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected at least " + count + " '" + eventName + "' events within " + timeout
            + " but found " + found.size() + "\n" + diagnostics());
      }
      sleep(100);
    }
  }

  /**
   * Like {@link #awaitEvents} but then waits a little longer and fails if more than {@code count}
   * arrived.
   */
  public List<JsonNode> awaitExactly(String eventName, int count, Duration timeout) {
    awaitEvents(eventName, count, timeout);
    sleep(500);
    List<JsonNode> found = events(eventName);
    if (found.size() != count) {
      throw new AssertionError("expected exactly " + count + " '" + eventName + "' events but found " + found.size()
          + "\n" + found.stream().skip(Math.max(0, found.size() - 5L)).map(JsonNode::toString)
              .collect(Collectors.joining("\n")));
    }
    return found;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Sends SIGTERM ({@link Process#destroy()}) and returns at once: the JVM runs its shutdown hooks
   * (the agent's flushes spans and events) while the app may still answer. See {@link #awaitExit}.
   */
  public void terminate() {
    process.destroy();
  }

  /** Sends SIGKILL ({@link Process#destroyForcibly()}): no shutdown hook runs. See {@link #awaitExit}. */
  public void kill() {
    process.destroyForcibly();
  }

  /** The child's threads and their stacks ({@code jcmd <pid> Thread.print} of the test's own JDK). */
  public String threadDump() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "Thread.print")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("jcmd Thread.print failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Waits until the JVM has exited; false when it is still running after {@code timeout}. */
  public boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Destroys the process tree: destroy, wait 5 s, destroyForcibly. Deletes the temp dir unless -Dlantern.it.keep=true. */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    if (!Boolean.getBoolean("lantern.it.keep")) {
      deleteTree(dir);
    }
  }

  // ---------------------------------------------------------------- helpers

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String readString(Path p) {
    try {
      return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "<cannot read " + p + ": " + e + ">";
    }
  }

  private static List<String> readLines(Path p) {
    return List.of(readString(p).split("\r?\n"));
  }

  private static String tail(String s, int max) {
    return s.length() <= max ? s : "..." + s.substring(s.length() - max);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
