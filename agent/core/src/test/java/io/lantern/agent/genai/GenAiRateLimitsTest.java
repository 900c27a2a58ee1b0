package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fake.stainless.core.http.Headers;
import fake.stainless.core.http.HttpResponse;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.Tracing;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rate-limit gauges and the retries counter, driven through the Stainless tracker's hook sites as the advice drives them. */
class GenAiRateLimitsTest {
  @RegisterExtension final GenAiTestLog log = new GenAiTestLog();
  private final LanternMetrics metrics = new LanternMetrics(100);
  private final GenAiRateLimits rateLimits = new GenAiRateLimits(metrics);

  private StainlessTracker tracker() {
    return new StainlessTracker(StainlessTrackerTest.SDK, log.recorder(), GenAiHosts.NONE, rateLimits, log.errors());
  }

  private static HttpResponse response(String... headers) {
    Headers h = new Headers();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return () -> h;
  }

  private String scrape() throws IOException {
    StringWriter out = new StringWriter();
    TextFormat.write004(out, metrics.registry().metricFamilySamples());
    return out.toString();
  }

  private static String gauge(String which, String provider, String kind, double value) {
    return "lantern_gen_ai_rate_limit_" + which + "{gen_ai_provider_name=\"" + provider + "\",lantern_rate_limit_kind=\"" + kind
        + "\",} " + value;
  }

  @Test
  void aHeaderValueIsAWholeNonNegativeNumberOrIgnored() {
    assertEquals(0, GenAiRateLimits.parse("0"));
    assertEquals(499, GenAiRateLimits.parse("499"));
    assertEquals(12, GenAiRateLimits.parse(" 12 "));
    assertEquals(999_999_999_999_999_999L, GenAiRateLimits.parse("999999999999999999"));
    for (String bad : new String[] {null, "", " ", "5OO", "-1", "+1", "1.5", "1e3", "6m0s", "1234567890123456789"}) {
      assertEquals(-1, GenAiRateLimits.parse(bad), String.valueOf(bad));
    }
  }

  @Test
  void theLastResponsesHeadersWinAndAMalformedOneKeepsTheGauge() throws IOException {
    rateLimits.read("openai", response("X-RateLimit-Limit-Requests", "500", "x-ratelimit-remaining-requests", "499",
        "x-ratelimit-remaining-tokens", "29000", "openai-organization", "org-id").headers(), GenAiRateLimits.OPENAI);
    rateLimits.read("openai", response("x-ratelimit-limit-requests", "lots", "x-ratelimit-remaining-requests", "498").headers(),
        GenAiRateLimits.OPENAI);
    rateLimits.read("anthropic", response("anthropic-ratelimit-output-tokens-remaining", "7").headers(), GenAiRateLimits.ANTHROPIC);
    rateLimits.read("openai", "not headers", GenAiRateLimits.OPENAI);
    rateLimits.read("openai", null, GenAiRateLimits.OPENAI);
    String text = scrape();
    assertTrue(text.contains(gauge("limit", "openai", "requests", 500)), text);
    assertTrue(text.contains(gauge("remaining", "openai", "requests", 498)), text);
    assertTrue(text.contains(gauge("remaining", "openai", "tokens", 29000)), text);
    assertTrue(text.contains(gauge("remaining", "anthropic", "output_tokens", 7)), text);
    assertFalse(text.contains("kind=\"tokens\",} 0.0") || text.contains("org-id"), text);
    assertEquals(4, text.lines().filter(l -> l.startsWith("lantern_gen_ai_rate_limit_")).count(), "only the headers sent: " + text);
  }

  @Test
  void retriesInsideOneCallAreCountedOnItsEventAndByProvider() throws Exception {
    StainlessTracker tracker = tracker();
    Object state = tracker.enter(StainlessTracker.SERVICE, null, "retried", StainlessTrackerTest.SERVICE_CLASS + ".create");
    tracker.enter(StainlessTracker.RETRY, null, response("x-ratelimit-remaining-requests", "0"), 1);
    tracker.enter(StainlessTracker.RETRY, null, null, 2); // an I/O failure retried: no response
    tracker.exit(StainlessTracker.EXCHANGE, null, null, response("x-ratelimit-remaining-requests", "41"), null);
    tracker.exit(StainlessTracker.SERVICE, state, null, "tokens:5", null);
    assertEquals(2, log.nextCall().path("retry_count").asInt(-1));

    state = tracker.enter(StainlessTracker.SERVICE, null, "once", StainlessTrackerTest.SERVICE_CLASS + ".create");
    tracker.exit(StainlessTracker.EXCHANGE, null, null, response("x-ratelimit-remaining-requests", "40"), null);
    tracker.exit(StainlessTracker.SERVICE, state, null, "tokens:5", null);
    JsonNode once = log.nextCall();
    assertTrue(once.path("retry_count").isInt(), once.toString());
    assertEquals(0, once.path("retry_count").asInt(), "written as 0 when the SDK did not retry");

    // an async exchange: its future's response is read when it completes
    state = tracker.enter(StainlessTracker.SERVICE, null, "async", StainlessTrackerTest.SERVICE_CLASS + ".create");
    CompletableFuture<HttpResponse> future = new CompletableFuture<>();
    tracker.exit(StainlessTracker.EXCHANGE, null, null, future, null);
    tracker.exit(StainlessTracker.SERVICE, state, null, "tokens:5", null);
    assertTrue(scrape().contains(gauge("remaining", "openai", "requests", 40)));
    future.complete(response("x-ratelimit-remaining-requests", "39"));

    // outside a measured call (another SDK API, or a thread the call did not reach): nothing
    Tracing.restore(null);
    tracker.enter(StainlessTracker.RETRY, null, response("x-ratelimit-remaining-requests", "1"), 1);
    tracker.exit(StainlessTracker.EXCHANGE, null, null, response("x-ratelimit-remaining-requests", "2"), null);

    String text = scrape();
    assertTrue(text.contains("lantern_gen_ai_client_retries_total{gen_ai_provider_name=\"openai\",} 2.0"), text);
    assertTrue(text.contains(gauge("remaining", "openai", "requests", 39)), text);
  }

  @Test
  void aTrackerWithoutRateLimitsStillCountsTheEventsRetries() throws Exception {
    StainlessTracker tracker = new StainlessTracker(StainlessTrackerTest.SDK, log.recorder(), log.errors());
    Object state = tracker.enter(StainlessTracker.SERVICE, null, "plain", StainlessTrackerTest.SERVICE_CLASS + ".create");
    tracker.enter(StainlessTracker.RETRY, null, null, 1);
    tracker.exit(StainlessTracker.EXCHANGE, null, null, response("x-ratelimit-remaining-requests", "3"), null);
    tracker.exit(StainlessTracker.SERVICE, state, null, "tokens:5", null);
    assertEquals(1, log.nextCall().path("retry_count").asInt(-1));
  }
}
