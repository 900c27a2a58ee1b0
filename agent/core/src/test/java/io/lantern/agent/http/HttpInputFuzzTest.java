package io.lantern.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.fuzz.Fuzz;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.EventLogSettings;
import io.lantern.agent.log.EventLogTarget;
import io.lantern.agent.metrics.HttpClientMetrics;
import io.lantern.agent.metrics.HttpServerMetrics;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.operation.RequestListeners;
import io.lantern.agent.trace.Tracing;
import io.prometheus.client.Collector;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.BufferedReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Method, scheme, path, route, status and header values as the HTTP server and client recorders
 * take them from a server or client library, hostile: oversized (64 KB), control characters,
 * Latin-1 (invalid UTF-8 as servers decode it), lone surrogates. Nothing may throw, every label
 * stays in its closed set or under the series cap, every event line is JSON with its capped fields
 * under their cap, and the trace headers sent on are ones the JDK HttpClient accepts.
 */
class HttpInputFuzzTest {
  private static final long SEED = 0x4077f022L;
  private static final int CASES = 10_000;
  private static final int MAX_SERIES = 50;
  private static final int HEADER_64_KB = 64 * 1024;
  private static final String SPECIALS = "/{}*?%#&=;:,\"' -";
  private static final Set<String> METHODS = new HashSet<>(Arrays.asList(
      "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", Names.OTHER));

  @TempDir Path dir;

  @Test
  void hostileRequestsAndCallsThrowNothingAndStayInsideEveryBound() throws Exception {
    Path file = dir.resolve("events.log");
    // room for every event, so the count below is exact; one file, so nothing rotates away
    EventLog events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.FILE).file(file.toString())
        .queueSize(4 * CASES).maxFileSizeBytes(1L << 30).build());
    LanternMetrics metrics = new LanternMetrics(MAX_SERIES);
    InstrumentationErrors errors = new InstrumentationErrors(metrics, events);
    Tracing tracing = new Tracing(1.0, span -> { }); // recording: the span attributes are filled too
    HttpServerRecorder server = new HttpServerRecorder(new HttpServerMetrics(metrics), tracing, events, errors,
        "X-Tenant", new RequestListeners());
    HttpClientRecorder client = new HttpClientRecorder(new HttpClientMetrics(metrics), tracing, errors);
    HttpHeaderSetter<HttpRequest.Builder> jdkClient = HttpRequest.Builder::header;
    int ran;
    try {
      ran = Fuzz.run(SEED, CASES, in -> {
        String tenant = value(in);
        String requestId = value(in);
        ServerRequest request = InboundRequest.start(server, method(in), in.pick("http", "https", "HTTPS", value(in)),
            path(in), in.input(traceparent(in)), value(in), tenant, requestId);
        try {
          ClientCall call = client.start(method(in), in.oneIn(10) ? null : value(in), in.nextInt(-2, 70_000), value(in));
          // the JDK HttpClient validates every header value: what Lantern sends must pass
          client.inject(jdkClient, HttpRequest.newBuilder(URI.create("http://localhost/")));
          client.end(call, status(in), in.oneIn(5) ? new IllegalStateException(value(in)) : null);
          client.detach(call);
        } finally {
          server.end(request, in.oneIn(10) ? null : value(in), status(in), in.oneIn(5) ? new RuntimeException() : null);
          server.detach(request);
        }
        assertNull(Tracing.current(), "nothing left current");
      });
    } finally {
      events.close();
    }

    // the scrape writes every hostile value, and every label is bounded
    List<Collector.MetricFamilySamples> scrape = Collections.list(metrics.registry().metricFamilySamples());
    TextFormat.writeOpenMetrics100(new StringWriter(), Collections.enumeration(scrape));
    Map<String, Set<String>> serverLabels = labelValues(scrape, Names.HTTP_SERVER_REQUEST_DURATION + "_count");
    assertTrue(METHODS.containsAll(serverLabels.get(Names.HTTP_REQUEST_METHOD)), serverLabels.get(Names.HTTP_REQUEST_METHOD).toString());
    assertTrue(new HashSet<>(Arrays.asList("http", "https")).containsAll(serverLabels.get(Names.URL_SCHEME)));
    assertTrue(serverLabels.get(Names.HTTP_RESPONSE_STATUS_CODE).stream().allMatch(HttpInputFuzzTest::isStatusLabel));
    assertTrue(serverLabels.get(Names.HTTP_ROUTE).size() <= MAX_SERIES + 1, "routes: the cap and _OTHER");
    if (ran == CASES) { // not when one case is replayed
      assertTrue(serverLabels.get(Names.HTTP_ROUTE).contains(Names.OTHER), "the cap was reached");
    }
    Map<String, Set<String>> clientLabels = labelValues(scrape, Names.HTTP_CLIENT_REQUEST_DURATION + "_count");
    assertTrue(METHODS.containsAll(clientLabels.get(Names.HTTP_REQUEST_METHOD)));
    assertTrue(clientLabels.get(Names.HTTP_RESPONSE_STATUS_CODE).stream().allMatch(s -> s.isEmpty() || isStatusLabel(s)));
    assertTrue(clientLabels.get(Names.SERVER_ADDRESS).size() <= MAX_SERIES + 1, "hosts: the cap and _OTHER");
    assertEquals(Collections.emptySet(), labelValues(scrape, Names.LANTERN_INSTRUMENTATION_ERRORS + "_total")
        .getOrDefault("instrumentation", Collections.emptySet()), "nothing failed inside the recorders either");

    int requests = 0;
    ObjectMapper mapper = new ObjectMapper();
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = lines.readLine()) != null) {
        JsonNode event = mapper.readTree(line);
        assertNull(event.get("_schema_error"), line);
        if (Names.EVENT_HTTP_REQUEST.equals(event.get("event").asText())) {
          requests++;
          assertTrue(METHODS.contains(event.get(Names.HTTP_REQUEST_METHOD).asText()), line);
          assertAtMost(HttpServerRecorder.MAX_REQUEST_ID_LENGTH, event.get(Names.REQUEST_ID), line);
          assertAtMost(HttpServerRecorder.MAX_TENANT_LENGTH, event.get(Names.TENANT), line);
        }
      }
    }
    assertEquals(ran, requests, "one http_request event per request");
  }

  @Test
  void theUrlOfAClientSpanKeepsNoUserInfoQueryOrFragment() {
    String noDelimiters = "abcXYZ019-._~%!$&'()*+,;=: \u00e9\ud800";
    Fuzz.run(SEED + 1, CASES, in -> {
      String user = "zq" + in.from(noDelimiters + "@", 1 + in.nextInt(12)); // an unescaped @ too: the last one ends it
      String query = "zq" + in.from(noDelimiters + "?/@", in.nextInt(30));
      String fragment = "zq" + in.from(noDelimiters + "?#/@", in.nextInt(30));
      String origin = in.pick("http", "https", "HTTP") + "://";
      String hostAndPath = in.from(noDelimiters.replace("@", ""), 1 + in.nextInt(20)) + (in.nextBoolean() ? ":" + in.nextInt(65_536) : "")
          + (in.nextBoolean() ? "/" + in.from(noDelimiters + "/@", in.nextInt(40)) : "");
      boolean withUser = in.nextBoolean();
      boolean withQuery = in.nextBoolean();
      boolean withFragment = in.nextBoolean();
      String url = in.input(origin + (withUser ? user + "@" : "") + hostAndPath + (withQuery ? "?" + query : "")
          + (withFragment ? "#" + fragment : ""));
      assertEquals(origin + hostAndPath, HttpClientRecorder.fullUrl(url));
    });
  }

  // Regression found by this fuzz (seed 0x4077f022): a 64 KB tenant header was copied whole into
  // every http_request (and gen_ai_call) event; the tenant is cut like the request id now.
  @Test
  void aHugeTenantOrRequestIdIsCut() {
    HttpServerRecorder server = new HttpServerRecorder(new HttpServerMetrics(new LanternMetrics(10)), new Tracing(1.0),
        EventLog.noop(), new InstrumentationErrors(new LanternMetrics(10), EventLog.noop()), "X-Tenant", new RequestListeners());
    String huge = Fuzz.repeat("t\u00e9\ud800", HEADER_64_KB);
    ServerRequest request = InboundRequest.start(server, "GET", "http", "/", null, null, huge, huge);
    server.end(request, "/", 200, null);
    server.detach(request);
    assertEquals(huge.substring(0, HttpServerRecorder.MAX_TENANT_LENGTH), request.tenant());
    assertEquals(huge.substring(0, HttpServerRecorder.MAX_REQUEST_ID_LENGTH), request.requestId());
  }

  /** Distinct values of each label over the samples named {@code sample}. */
  private static Map<String, Set<String>> labelValues(List<Collector.MetricFamilySamples> scrape, String sample) {
    Map<String, Set<String>> values = new HashMap<>();
    for (Collector.MetricFamilySamples family : scrape) {
      for (Collector.MetricFamilySamples.Sample s : family.samples) {
        if (s.name.equals(sample)) {
          for (int i = 0; i < s.labelNames.size(); i++) {
            values.computeIfAbsent(s.labelNames.get(i), k -> new HashSet<>()).add(s.labelValues.get(i));
          }
        }
      }
    }
    return values;
  }

  private static void assertAtMost(int max, JsonNode field, String line) {
    if (field != null) {
      assertTrue(field.asText().length() <= max, field.asText().length() + " chars: " + line.substring(0, 200));
    }
  }

  private static boolean isStatusLabel(String label) {
    if (label.equals(Names.OTHER)) {
      return true;
    }
    int code = Integer.parseInt(label);
    return code >= 100 && code <= 599 && label.equals(Integer.toString(code));
  }

  /**
   * A header or other string value: mostly short and hostile, now and then (about 150 of the
   * 80,000 values drawn) a 64 KB one, sometimes absent or empty.
   */
  private static String value(Fuzz in) {
    switch (in.nextInt(1000)) {
      case 0: return null;
      case 1: return "";
      case 2: return Fuzz.repeat(in.text(SPECIALS, 8) + "x", HEADER_64_KB);
      case 3: return in.text(SPECIALS, HEADER_64_KB);
      default: return in.oneIn(10) ? in.decodedBytes(256) : in.text(SPECIALS, 40);
    }
  }

  /** A path: whatever the request line held, never absent (every server has one). */
  private static String path(Fuzz in) {
    String path = value(in);
    return path == null ? "/" : path;
  }

  private static String method(Fuzz in) {
    String known = in.pick("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
    switch (in.nextInt(4)) {
      case 0: return known;
      case 1: return known.toLowerCase();
      case 2: return in.mutate(known, " \t\r\n");
      default: return value(in);
    }
  }

  private static String traceparent(Fuzz in) {
    String valid = "00-" + in.hex(32) + "-" + in.hex(16) + "-" + in.hex(2);
    switch (in.nextInt(4)) {
      case 0: return valid;
      case 1: return in.mutate(valid, "-0 ");
      default: return value(in);
    }
  }

  private static int status(Fuzz in) {
    switch (in.nextInt(4)) {
      case 0: return in.pick(Integer.MIN_VALUE, -1, 0, 99, 600, 1000, Integer.MAX_VALUE);
      case 1: return in.nextInt(-100_000, 100_000);
      default: return in.nextInt(100, 600);
    }
  }
}
