package io.lantern.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpServerAgentSuite} plus what servlet containers add: async requests, forwards, a filter
 * chain and the default mapping. The app maps exact {@code /hello}, {@code /error}, {@code /async},
 * {@code /forward}; path {@code /users/*}, {@code /status/*}; default {@code /} (answers 404); and two
 * pass-through filters on {@code /*}.
 */
public abstract class ServletAgentSuite extends HttpServerAgentSuite {

  @Override
  protected String usersRoute() {
    return "/users/*";
  }

  @Override
  protected String statusRoute() {
    return "/status/*";
  }

  @Override
  protected boolean answersThrowingHandlerWith500() {
    return true;
  }

  @Override
  protected List<String> transparentPaths() {
    return List.of("/hello", "/users/7", "/status/404", "/status/503", "/async", "/forward", "/include", "/nope/123");
  }

  @Test
  void asyncRequestIsTimedUntilItCompletes() {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    Response r = app.get("/async");
    assertEquals(200, r.status());
    assertEquals("async", r.body());
    Map<String, String> async = server("/async", 200, "");
    Metrics m = awaitCounts(before, Map.of(async, 1));
    double sum = m.value(SUM, async) - before.valueOrZero(SUM, async);
    assertTrue(sum >= 0.2, "_sum grew by " + sum + " s, the request took at least 0.2 s");
    JsonNode e = newEvents(eventsBefore, 1).get(0);
    assertEquals("/async", text(e, "http_route"));
    assertEquals(200, number(e, "http_response_status_code"));
    assertTrue(number(e, "duration_ms") >= 200, "duration_ms of an async request completed after 200 ms: " + e);
  }

  @Test
  void forwardIsOneRequestUnderTheOuterRoute() {
    JsonNode e = assertOneRequestUnderItsOwnRoute("/forward", "hello");
    assertEquals("/forward", text(e, "url_path"));
  }

  @Test
  void includeIsOneRequestUnderTheOuterRoute() {
    assertOneRequestUnderItsOwnRoute("/include", "before|hello|after");
  }

  /** A request dispatched on to another servlet: only its own series grows, by one, with one event. */
  private JsonNode assertOneRequestUnderItsOwnRoute(String path, String expectedBody) {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    Response r = app.get(path);
    assertEquals(200, r.status());
    assertEquals(expectedBody, r.body());
    Map<String, String> series = server(path, 200, "");
    Metrics m = awaitCounts(before, Map.of(series, 1));
    Set<Map<String, String>> grown = m.labelSets(COUNT).stream()
        .filter(l -> m.value(COUNT, l) != before.valueOrZero(COUNT, l))
        .collect(Collectors.toSet());
    assertEquals(Set.of(series), grown, "only the " + path + " series grows, by one\n" + m.describe(COUNT));
    JsonNode e = newEvents(eventsBefore, 1).get(0);
    assertEquals(path, text(e, "http_route"));
    return e;
  }

  @Test
  void unmatchedPathIsOtherWith404() {
    Metrics before = app.scrape();
    int eventsBefore = eventCount();
    assertEquals(404, app.get("/nope/123").status());
    awaitCounts(before, Map.of(server("_OTHER", 404, ""), 1));
    JsonNode e = newEvents(eventsBefore, 1).get(0);
    assertEquals("_OTHER", text(e, "http_route"));
    assertEquals("/nope/123", text(e, "url_path"));
    assertEquals(404, number(e, "http_response_status_code"));
  }
}
