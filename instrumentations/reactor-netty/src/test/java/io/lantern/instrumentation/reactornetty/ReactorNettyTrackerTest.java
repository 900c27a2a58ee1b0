package io.lantern.instrumentation.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.http.HttpServerRecorder;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.metrics.HttpServerMetrics;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.operation.RequestListeners;
import io.lantern.agent.trace.Tracing;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.buffer.Unpooled;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * The tracker's sites driven by hand from inside a real Reactor Netty server's handler, on its
 * event loop, with its real {@code HttpServerOperations}: what the advice would hand over.
 */
class ReactorNettyTrackerTest {
  private final LanternMetrics metrics = new LanternMetrics(100);
  private final InstrumentationErrors errors = new InstrumentationErrors(metrics, EventLog.noop());
  private final ReactorNettyTracker tracker = new ReactorNettyTracker(
      new HttpServerRecorder(new HttpServerMetrics(metrics), new Tracing(1.0), EventLog.noop(), errors, null,
          new RequestListeners()), errors);
  private final List<String> seen = new ArrayList<>();
  private DisposableServer server;

  @BeforeEach
  void startServer() {
    server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
      DefaultHttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, request.uri());
      Object state = tracker.enter(ReactorNettyTracker.INBOUND, request, head, null);
      seen.add("current during the handler: " + (Tracing.current() == state));
      tracker.exit(ReactorNettyTracker.INBOUND, state, request, null, null);
      seen.add("current after: " + Tracing.current());
      // A body chunk makes the request current again, then puts back what was there.
      Object again = tracker.enter(ReactorNettyTracker.INBOUND, request, new DefaultHttpContent(Unpooled.EMPTY_BUFFER), null);
      seen.add("resumed: " + (again == state && Tracing.current() == state));
      tracker.exit(ReactorNettyTracker.INBOUND, again, request, null, null);
      String path = request.uri();
      response.status(path.startsWith("/teapot") ? HttpResponseStatus.valueOf(418) : HttpResponseStatus.OK);
      if (path.startsWith("/gone")) {
        tracker.enter(ReactorNettyTracker.INBOUND_CLOSE, request, null, null);
      } else if (path.startsWith("/fails")) {
        response.status(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        tracker.exit(ReactorNettyTracker.OUTBOUND_ERROR, null, request, null, new IllegalStateException());
      }
      tracker.enter(ReactorNettyTracker.TERMINATE, request, null, null);
      return response.sendString(Mono.just("ok"));
    }).bindNow();
  }

  @AfterEach
  void stopServer() {
    server.disposeNow();
  }

  private void get(String path) {
    HttpClient.create().get().uri("http://127.0.0.1:" + server.port() + path).responseContent().aggregate().asString()
        .block();
  }

  private String scrape() throws Exception {
    StringWriter out = new StringWriter();
    TextFormat.write004(out, metrics.registry().metricFamilySamples());
    return out.toString();
  }

  @Test
  void oneRecordPerRequestWhicheverWayItEnds() throws Exception {
    get("/hello?secret=1");
    get("/teapot");
    get("/gone");
    get("/fails");
    String text = scrape();
    String prefix = "http_server_request_duration_seconds_count{http_request_method=\"GET\",http_route=\"_OTHER\",";
    assertTrue(text.contains(prefix + "http_response_status_code=\"200\",url_scheme=\"http\",error_type=\"\",} 1.0"), text);
    assertTrue(text.contains(prefix + "http_response_status_code=\"418\",url_scheme=\"http\",error_type=\"\",} 1.0"), text);
    assertTrue(text.contains(prefix + "http_response_status_code=\"200\",url_scheme=\"http\",error_type=\"cancelled\",} 1.0"), text);
    assertTrue(text.contains(prefix + "http_response_status_code=\"500\",url_scheme=\"http\",error_type=\"java.lang.IllegalStateException\",} 1.0"), text);
    assertTrue(text.contains("http_server_active_requests{http_request_method=\"GET\",url_scheme=\"http\",} 0.0"), text);
    assertEquals(0, tracker.inFlight());
    for (int i = 0; i < seen.size(); i += 3) {
      assertEquals("current during the handler: true", seen.get(i));
      assertEquals("current after: null", seen.get(i + 1));
      assertEquals("resumed: true", seen.get(i + 2));
    }
    assertTrue(!text.contains("lantern_instrumentation_errors_total{"), text);
  }

  @Test
  void theApiReadsTheRequestAsReceived() {
    List<String> read = new ArrayList<>();
    DisposableServer reader = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
      ReactorNettyApi api = ReactorNettyApi.APIS.of(request);
      read.add(api.method(request) + " " + api.scheme(request) + " " + api.path(request) + " "
          + api.header(request, "x-tenant") + " " + api.header(request, "absent") + " " + api.status(request));
      return response.status(201).send();
    }).bindNow();
    try {
      HttpClient.create().headers(h -> h.add("X-Tenant", "acme")).get()
          .uri("http://127.0.0.1:" + reader.port() + "/users/7?q=1").response().block();
    } finally {
      reader.disposeNow();
    }
    assertEquals(List.of("GET http /users/7 acme null 200"), read);
  }
}
