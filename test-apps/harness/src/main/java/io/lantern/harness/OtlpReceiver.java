package io.lantern.harness;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A test OTLP/HTTP collector: an HTTP server on loopback that decodes every
 * {@code POST /v1/traces} body as an {@code ExportTraceServiceRequest} and every
 * {@code POST /v1/logs} body as an {@code ExportLogsServiceRequest} (protobuf, optionally gzip)
 * with the {@code opentelemetry-proto} classes and keeps the spans and log records.
 *
 * <pre>
 * try (OtlpReceiver otlp = OtlpReceiver.start();
 *      AgentApp app = AgentApp.builder(jar).sysProp("lantern.traces.exporter", "otlp")
 *          .sysProp("lantern.traces.otlp.endpoint", otlp.endpoint()).start()) {
 *   app.get("/hello");
 *   List&lt;ReceivedSpan&gt; spans = otlp.awaitSpans(1, Duration.ofSeconds(10));
 * }
 * </pre>
 */
public final class OtlpReceiver implements AutoCloseable {
  public static final String PATH = "/v1/traces";
  public static final String LOGS_PATH = "/v1/logs";
  private static final HexFormat HEX = HexFormat.of();
  /** SpanFlags in the OTLP proto: the parent's is-remote bit is known / is set. */
  static final int HAS_IS_REMOTE = 0x100;
  static final int IS_REMOTE = 0x200;

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<ReceivedLog> logs = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status = 200;

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  /** Listens on a free port of 127.0.0.1. */
  public static OtlpReceiver start() {
    return start(0);
  }

  public static OtlpReceiver start(int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
      OtlpReceiver receiver = new OtlpReceiver(server);
      server.createContext(PATH, exchange -> receiver.handle(exchange, false));
      server.createContext(LOGS_PATH, exchange -> receiver.handle(exchange, true));
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The URL to give {@code lantern.traces.otlp.endpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port() + PATH;
  }

  /** The URL to give {@code lantern.logs.otlp.endpoint}. */
  public String logsEndpoint() {
    return "http://127.0.0.1:" + port() + LOGS_PATH;
  }

  /** Every log record received so far, in arrival order. */
  public synchronized List<ReceivedLog> logs() {
    return List.copyOf(logs);
  }

  /** Waits until at least {@code count} log records matching the filter arrived; returns those. */
  public List<ReceivedLog> awaitLogs(java.util.function.Predicate<ReceivedLog> filter, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ReceivedLog> now = logs().stream().filter(filter).collect(Collectors.toList());
      if (now.size() >= count) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected at least " + count + " matching log records within " + timeout
            + " but received " + now.size() + " of:\n"
            + logs().stream().map(ReceivedLog::toString).collect(Collectors.joining("\n")));
      }
      AgentApp.sleep(50);
    }
  }

  /** Answers later requests with this HTTP status (and keeps no span unless it is 200). */
  public void respondWith(int httpStatus) {
    this.status = httpStatus;
  }

  /** Export requests received so far (each a batch). */
  public int requests() {
    return requests.get();
  }

  /** Every span received so far, in arrival order. */
  public synchronized List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  /** The spans of one trace. */
  public List<ReceivedSpan> trace(String traceId) {
    return spans().stream().filter(s -> s.traceId().equals(traceId)).collect(Collectors.toList());
  }

  /** Waits until at least {@code count} spans arrived; returns all of them. */
  public List<ReceivedSpan> awaitSpans(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ReceivedSpan> now = spans();
      if (now.size() >= count) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected at least " + count + " spans within " + timeout + " but received "
            + now.size() + ":\n" + describe(now));
      }
      AgentApp.sleep(50);
    }
  }

  /** Like {@link #awaitSpans}, then waits a little longer and fails if more than {@code count} arrived. */
  public List<ReceivedSpan> awaitExactly(int count, Duration timeout) {
    awaitSpans(count, timeout);
    AgentApp.sleep(1500); // longer than the exporter's batch delay
    List<ReceivedSpan> now = spans();
    if (now.size() != count) {
      throw new AssertionError("expected exactly " + count + " spans but received " + now.size() + ":\n" + describe(now));
    }
    return now;
  }

  public static String describe(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange, boolean logRecords) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      if ("gzip".equalsIgnoreCase(encoding)) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      int answer = status;
      if (answer == 200 && logRecords) {
        List<ReceivedLog> received = decodeLogs(ExportLogsServiceRequest.parseFrom(body));
        synchronized (this) {
          logs.addAll(received);
        }
      } else if (answer == 200) {
        List<ReceivedSpan> received = decode(ExportTraceServiceRequest.parseFrom(body));
        synchronized (this) {
          spans.addAll(received);
        }
      }
      byte[] response = logRecords ? ExportLogsServiceResponse.getDefaultInstance().toByteArray()
          : ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(answer, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response);
        }
      }
    }
  }

  static List<ReceivedSpan> decode(ExportTraceServiceRequest request) {
    List<ReceivedSpan> out = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          int flags = span.getFlags();
          out.add(new ReceivedSpan(
              hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
              (flags & HAS_IS_REMOTE) != 0 && (flags & IS_REMOTE) != 0,
              span.getName(),
              span.getKind().name().replace("SPAN_KIND_", ""),
              span.getStatus().getCode().name().replace("STATUS_CODE_", ""),
              span.getTraceState(),
              flags,
              span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
              attributes(span.getAttributesList()),
              resource,
              scopeSpans.getScope().getName(), scopeSpans.getScope().getVersion()));
        }
      }
    }
    return out;
  }

  static List<ReceivedLog> decodeLogs(ExportLogsServiceRequest request) {
    List<ReceivedLog> out = new ArrayList<>();
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      Map<String, Object> resource = attributes(resourceLogs.getResource().getAttributesList());
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        for (LogRecord log : scopeLogs.getLogRecordsList()) {
          out.add(new ReceivedLog(log.getTimeUnixNano(), log.getObservedTimeUnixNano(), log.getSeverityNumberValue(),
              log.getSeverityText(), value(log.getBody()), attributes(log.getAttributesList()),
              hex(log.getTraceId()), hex(log.getSpanId()), log.getFlags(), resource, scopeLogs.getScope().getName()));
        }
      }
    }
    return out;
  }

  private static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  private static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) {
      out.put(kv.getKey(), value(kv.getValue()));
    }
    return out;
  }

  private static Object value(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case ARRAY_VALUE:
        return value.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).collect(Collectors.toList());
      default:
        return value.toString();
    }
  }
}
