package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.http.HttpServerRecorder;
import io.lantern.agent.http.InboundRequest;
import io.lantern.agent.operation.RequestListeners;
import io.lantern.agent.operation.RequestOperation;
import io.lantern.agent.http.ServerRequest;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.EventLogSettings;
import io.lantern.agent.log.EventLogTarget;
import io.lantern.agent.metrics.HttpServerMetrics;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenAiRecorderTest {
  static final String LABELS = "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\","
      + "gen_ai_response_model=\"gpt-4o-2024-08-06\"";

  @TempDir Path dir;
  private EventLog events;
  private LanternMetrics metrics;
  private Tracing tracing;
  private GenAiRecorder recorder;
  private final List<LanternSpan> exported = new CopyOnWriteArrayList<>();

  private void start(boolean capture, int maxLength) throws Exception {
    start(capture, maxLength, GenAiSemconv.DEFAULT);
  }

  private void start(boolean capture, int maxLength, GenAiSemconv semconv) throws Exception {
    events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.FILE).file(dir.resolve("events.log").toString()).build());
    metrics = new LanternMetrics(100);
    tracing = new Tracing(1.0, exported::add);
    GenAiPrices prices = GenAiPrices.parse(new StringReader("provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m\n"
        + "openai,gpt-4o-2024-08-06,2,8,1\n"), "test", new ArrayList<>());
    recorder = new GenAiRecorder(new GenAiMetrics(metrics, semconv), tracing, events, new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()), prices, capture, maxLength);
  }

  @AfterEach
  void close() {
    Tracing.restore(null);
    if (events != null) {
      events.close();
    }
  }

  /** A streamed call with cached, cache-write and reasoning tokens under both name sets: metrics, cost split, span attributes. */
  @Test
  void cachedTokensAreCountedAndPricedUnderEitherNameSet() throws Exception {
    for (GenAiSemconv semconv : GenAiSemconv.values()) {
      start(false, 1000, semconv);
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, Names.GEN_AI_PROVIDER_OPENAI, "gpt-4o", true);
      call.responseModel("gpt-4o-2024-08-06");
      call.chunk();
      call.usage(1000, 500);
      call.cacheReadTokens(400);
      call.cacheWriteTokens(100);
      call.reasoningTokens(50);
      assertTrue(call.end(null));
      call.detach();
      String text = scrape(TextFormat.CONTENT_TYPE_004);
      String byModel = "{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",}";
      // (500 plain + 100 written at the input price 2) + 400 read at 1 + 500 out at 8, per million
      assertTrue(text.contains("lantern_gen_ai_client_cost_usd_total" + byModel + " 0.0056"), text);
      assertTrue(text.contains("lantern_gen_ai_client_cached_input_cost_usd_total" + byModel + " 4.0E-4"), text);
      if (semconv == GenAiSemconv.DEFAULT) {
        assertTrue(text.contains("lantern_gen_ai_client_cache_read_input_tokens_total" + byModel + " 400.0"), text);
        assertTrue(text.contains("gen_ai_client_operation_time_to_first_chunk_seconds_count{" + LABELS + ",error_type=\"\",} 1.0"), text);
        assertEquals(100L, attribute(call, "gen_ai.usage.cache_creation.input_tokens"));
        assertNull(attribute(call, "gen_ai.usage.cache_write.input_tokens"));
        assertNull(attribute(call, "gen_ai.response.time_to_first_chunk"));
      } else {
        String usage = "{" + LABELS + ",gen_ai_token_modality=\"unknown\",}";
        assertTrue(text.contains("gen_ai_client_inference_usage_input_tokens_total" + usage + " 1000.0"), text);
        assertTrue(text.contains("gen_ai_client_inference_usage_cache_read_input_tokens_total" + usage + " 400.0"), text);
        assertTrue(text.contains("gen_ai_client_inference_usage_cache_write_input_tokens_total" + usage + " 100.0"), text);
        assertTrue(text.contains("gen_ai_client_inference_usage_reasoning_output_tokens_total" + usage + " 50.0"), text);
        assertTrue(text.contains("gen_ai_client_inference_time_to_first_chunk_seconds_count{" + LABELS + ",} 1.0"), text);
        assertFalse(text.contains("lantern_gen_ai_client_cache_read_input_tokens_total"), text);
        assertEquals(100L, attribute(call, "gen_ai.usage.cache_write.input_tokens"));
        assertNull(attribute(call, "gen_ai.usage.cache_creation.input_tokens"));
        assertTrue((Double) attribute(call, "gen_ai.response.time_to_first_chunk") >= 0);
      }
      assertEquals(400L, attribute(call, "gen_ai.usage.cache_read.input_tokens"));
      assertEquals(50L, attribute(call, "gen_ai.usage.reasoning.output_tokens"));
      assertEquals("chat gpt-4o", call.spanName());
      close();
    }
  }

  @Test
  void aBlockingCallRecordsMetricsEventAndSpanOnce() throws Exception {
    start(false, 1000);
    HttpServerRecorder http = new HttpServerRecorder(new HttpServerMetrics(metrics), tracing, events,
        new InstrumentationErrors(metrics, events), "X-Tenant", new RequestListeners());
    ServerRequest request = InboundRequest.start(http, "GET", "http", "/ask", null, null, "acme", null);
    GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, Names.GEN_AI_PROVIDER_OPENAI, "gpt-4o", false);
    assertSame(call, Tracing.current(), "the call is the current span while the library runs");
    assertSame(call, GenAiCall.current());
    assertSame(request, RequestOperation.current(), "still inside the request");
    call.responseModel("gpt-4o-2024-08-06");
    call.usage(1000, 500);
    call.finishReason("stop");
    call.chunk(); // ignored for the time to first chunk: not a streaming call
    assertTrue(call.end(null));
    assertFalse(call.end(new IllegalStateException("late")), "ends once");
    call.detach();
    assertSame(request, Tracing.current(), "detach puts the request's span back");
    assertNull(GenAiCall.current());
    http.end(request, "/ask", 200, null);
    http.detach(request);

    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("gen_ai_client_operation_duration_seconds_count{" + LABELS + ",error_type=\"\",} 1.0"), text);
    assertTrue(text.contains("gen_ai_client_token_usage_sum{" + LABELS + ",gen_ai_token_type=\"input\",} 1000.0"), text);
    assertTrue(text.contains("gen_ai_client_token_usage_sum{" + LABELS + ",gen_ai_token_type=\"output\",} 500.0"), text);
    assertTrue(text.contains("lantern_gen_ai_client_cost_usd_total{gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\",} 0.006"), text);
    assertFalse(text.contains("gen_ai_client_operation_time_to_first_chunk_seconds_count"), text);

    JsonNode event = awaitEvents(1).get(0);
    assertEquals("gen_ai_call", event.get("event").asText());
    assertEquals("INFO", event.get("level").asText());
    assertEquals("openai", event.get("gen_ai_provider_name").asText());
    assertEquals("chat", event.get("gen_ai_operation_name").asText());
    assertEquals("gpt-4o", event.get("gen_ai_request_model").asText());
    assertEquals("gpt-4o-2024-08-06", event.get("gen_ai_response_model").asText());
    assertEquals(1000, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(500, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals("[\"stop\"]", event.get("gen_ai_response_finish_reasons").toString());
    assertEquals(0.006, event.get("cost_usd").asDouble(), 1e-12);
    assertEquals("acme", event.get("tenant").asText());
    assertTrue(event.get("duration_ms").asDouble() >= 0);
    assertEquals("chat gpt-4o on openai: 1000 in, 500 out", event.get("message").asText());
    for (String absent : new String[] {"time_to_first_chunk_ms", "error_type", "gen_ai_usage_note", "gen_ai_input_messages",
        "gen_ai_output_messages", "_schema_error"}) {
      assertNull(event.get(absent), absent + " in " + event);
    }
    assertEquals(call.traceIdHex(), event.get("trace_id").asText());
    assertEquals(call.spanIdHex(), event.get("span_id").asText());
    assertEquals(request.traceIdHex(), call.traceIdHex(), "the AI span is a child of the request's");
    assertEquals(request.spanId(), call.parentSpanId());

    assertTrue(exported.contains(call), "the sampled span went to the exporter");
    assertEquals(LanternSpan.Kind.CLIENT, call.kind());
    assertEquals("chat gpt-4o", call.spanName());
    assertEquals("openai", attribute(call, "gen_ai.provider.name"));
    assertEquals("gpt-4o-2024-08-06", attribute(call, "gen_ai.response.model"));
    assertEquals(1000L, attribute(call, "gen_ai.usage.input_tokens"));
    assertEquals(500L, attribute(call, "gen_ai.usage.output_tokens"));
    assertEquals("stop", attribute(call, "gen_ai.response.finish_reasons"));
  }

  @Test
  void noUsageMeansNoTokenMetricNoCostAndNullsWithANote() throws Exception {
    start(false, 1000);
    GenAiCall call = recorder.start("chat", "openai", "gpt-4o", true);
    call.detach();
    call.responseModel("gpt-4o-2024-08-06");
    call.usageNote("streamed without stream_options.include_usage");
    call.end(null);
    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("gen_ai_client_operation_duration_seconds_count{" + LABELS + ",error_type=\"\",} 1.0"), text);
    assertFalse(text.contains("gen_ai_client_token_usage_count{"), text);
    assertFalse(text.contains("lantern_gen_ai_client_cost_usd_total{"), text);
    JsonNode event = awaitEvents(1).get(0);
    assertTrue(event.get("gen_ai_usage_input_tokens").isNull(), event.toString());
    assertTrue(event.get("gen_ai_usage_output_tokens").isNull(), event.toString());
    assertEquals("streamed without stream_options.include_usage", event.get("gen_ai_usage_note").asText());
    assertNull(event.get("cost_usd"));
    assertNull(event.get("_schema_error"), "null counts as present");
    assertEquals("chat gpt-4o on openai: no token usage reported", event.get("message").asText());
  }

  @Test
  void unknownModelsAndPriceGiveEmptyLabelsNullFieldsAndNoCost() throws Exception {
    start(false, 1000);
    GenAiCall call = recorder.start("chat", "openai", null, false);
    call.usage(3, 4);
    call.end(null);
    call.detach();
    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("gen_ai_client_token_usage_sum{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
        + "gen_ai_request_model=\"\",gen_ai_response_model=\"\",gen_ai_token_type=\"output\",} 4.0"), text);
    assertFalse(text.contains("lantern_gen_ai_client_cost_usd_total{"), "no price: no cost, not zero");
    JsonNode event = awaitEvents(1).get(0);
    assertTrue(event.get("gen_ai_request_model").isNull());
    assertTrue(event.get("gen_ai_response_model").isNull());
    assertNull(event.get("cost_usd"));
    assertEquals("chat", call.spanName());
  }

  @Test
  void streamingRecordsTheFirstChunkOnceAndDurationIsAtLeastThat() throws Exception {
    start(false, 1000);
    GenAiCall call = recorder.start("chat", "openai", "gpt-4o", true);
    call.detach();
    Thread.sleep(30);
    call.chunk();
    Thread.sleep(30);
    call.chunk();
    call.responseModel("gpt-4o-2024-08-06");
    call.end(null);
    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("gen_ai_client_operation_time_to_first_chunk_seconds_count{" + LABELS + ",error_type=\"\",} 1.0"), text);
    JsonNode event = awaitEvents(1).get(0);
    double ttfc = event.get("time_to_first_chunk_ms").asDouble();
    assertTrue(ttfc >= 30, event.toString()); // no upper bound: a loaded machine may run late
    assertTrue(event.get("duration_ms").asDouble() >= ttfc + 30, event.toString());
  }

  @Test
  void endRacingOnManyThreadsRecordsExactlyOnce() throws Exception {
    start(false, 1000);
    int calls = 50;
    AtomicInteger winners = new AtomicInteger();
    for (int i = 0; i < calls; i++) {
      GenAiCall call = recorder.start("chat", "openai", "gpt-4o", true);
      call.detach();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          if (call.end(null)) {
            winners.incrementAndGet();
          }
        });
        thread.start();
        threads.add(thread);
      }
      go.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
    }
    assertEquals(calls, winners.get());
    assertTrue(scrape(TextFormat.CONTENT_TYPE_004).contains(
        "gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
            + "gen_ai_request_model=\"gpt-4o\",gen_ai_response_model=\"\",error_type=\"\",} 50.0"));
    assertEquals(calls, awaitEvents(calls).size());
  }

  @Test
  void aCallInsideAnotherFeedsTheOuterOneAndRecordsNothingItself() throws Exception {
    start(false, 1000);
    GenAiCall outer = recorder.start("chat", null, null, false);
    GenAiCall inner = recorder.start("chat", "openai", "gpt-4o", false);
    assertTrue(inner.isNested());
    assertFalse(outer.isNested());
    assertSame(outer, GenAiCall.current(), "a nested call does not become current");
    inner.responseModel("gpt-4o-2024-08-06");
    inner.usage(10, 20);
    inner.finishReason("stop");
    assertFalse(inner.end(new IllegalStateException("retried")), "a nested call never records");
    inner.detach();
    assertSame(outer, Tracing.current());
    assertFalse(outer.isEnded());
    outer.end(null);
    outer.detach();
    assertNull(Tracing.current());
    assertTrue(inner.isEnded(), "a nested call is over when its outer call is");

    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("gen_ai_client_operation_duration_seconds_count{" + LABELS + ",error_type=\"\",} 1.0"), text);
    assertEquals(1, count(text, "gen_ai_client_operation_duration_seconds_count{"), text);
    JsonNode event = awaitEvents(1).get(0);
    assertEquals("openai", event.get("gen_ai_provider_name").asText(), "the provider of the model that answered");
    assertEquals("gpt-4o", event.get("gen_ai_request_model").asText());
    assertEquals(10, event.get("gen_ai_usage_input_tokens").asLong());
    assertNull(event.get("error_type"), "the inner failure was not the outer call's");
    assertEquals(outer.spanIdHex(), event.get("span_id").asText());
    assertEquals(1, exported.size(), "one span");
  }

  @Test
  void aContinuationOnAnotherThreadNestsAfterAttach() throws Exception {
    start(false, 1000);
    GenAiCall outer = recorder.start("chat", "anthropic", "claude", true);
    outer.detach();
    Thread worker = new Thread(() -> {
      assertNull(GenAiCall.current());
      outer.attach();
      GenAiCall inner = recorder.start("chat", "anthropic", "claude", true);
      assertTrue(inner.isNested());
      inner.chunk();
      inner.usage(1, 2);
      outer.detach();
      assertNull(Tracing.current());
    });
    worker.start();
    worker.join();
    outer.end(null);
    JsonNode event = awaitEvents(1).get(0);
    assertEquals(2, event.get("gen_ai_usage_output_tokens").asLong());
    assertTrue(event.has("time_to_first_chunk_ms"));
  }

  @Test
  void errorsAreUnwrappedFromAsyncWrappersAndLoggedAsErrors() throws Exception {
    start(false, 1000);
    GenAiCall call = recorder.start("chat", "openai", "gpt-4o", false);
    call.detach();
    call.end(new CompletionException(new java.io.UncheckedIOException(new java.io.IOException("429"))));
    String text = scrape(TextFormat.CONTENT_TYPE_004);
    assertTrue(text.contains("gen_ai_request_model=\"gpt-4o\",gen_ai_response_model=\"\",error_type=\"java.io.UncheckedIOException\",} 1.0"), text);
    JsonNode event = awaitEvents(1).get(0);
    assertEquals("ERROR", event.get("level").asText());
    assertEquals("java.io.UncheckedIOException", event.get("error_type").asText());
    assertEquals("chat gpt-4o on openai failed: java.io.UncheckedIOException", event.get("message").asText());
    assertEquals("java.lang.IllegalStateException", GenAiCall.errorTypeOf(new IllegalStateException()));
    assertEquals("java.util.concurrent.CompletionException", GenAiCall.errorTypeOf(new CompletionException(null)));
  }

  @Test
  void contentIsLeftOutUnlessCaptureIsOn() throws Exception {
    start(false, 1000);
    GenAiCall call = recorder.start("chat", "openai", "gpt-4o", false);
    call.inputContent("my secret prompt");
    call.outputContent("my secret answer");
    call.end(null);
    call.detach();
    JsonNode event = awaitEvents(1).get(0);
    assertNull(event.get("gen_ai_input_messages"));
    assertNull(event.get("gen_ai_output_messages"));
    assertFalse(Files.readString(dir.resolve("events.log")).contains("secret"));
  }

  @Test
  void capturedContentIsTruncatedToTheMaximumLength() throws Exception {
    start(true, 10);
    GenAiCall call = recorder.start("chat", "openai", "gpt-4o", true);
    call.detach();
    call.inputContent("0123456789-and-more");
    call.outputContent("abc");
    call.outputContent("defghijklmnop");
    call.end(null);
    GenAiCall whole = recorder.start("chat", "openai", "gpt-4o", false);
    whole.inputContent("short");
    whole.outputContent("0123456789");
    whole.end(null);
    whole.detach();
    List<JsonNode> lines = awaitEvents(2);
    assertEquals("0123456789", lines.get(0).get("gen_ai_input_messages").asText());
    assertEquals("abcdefghij", lines.get(0).get("gen_ai_output_messages").asText());
    assertTrue(lines.get(0).get("gen_ai_content_truncated").asBoolean());
    assertEquals("short", lines.get(1).get("gen_ai_input_messages").asText());
    assertEquals("0123456789", lines.get(1).get("gen_ai_output_messages").asText());
    assertNull(lines.get(1).get("gen_ai_content_truncated"));
  }

  @Test
  void settersAfterEndAreIgnored() throws Exception {
    start(false, 1000);
    GenAiCall call = recorder.start("chat", "openai", "gpt-4o", false);
    call.detach();
    call.end(null);
    call.usage(5, 6);
    call.responseModel("late");
    call.error("late");
    JsonNode event = awaitEvents(1).get(0);
    assertTrue(event.get("gen_ai_usage_input_tokens").isNull());
    assertTrue(event.get("gen_ai_response_model").isNull());
    assertNotEquals("late", event.path("error_type").asText());
  }

  private static Object attribute(LanternSpan span, String key) {
    for (int i = 0; i < span.attributeCount(); i++) {
      if (span.attributeKey(i).equals(key)) {
        return span.attributeValue(i);
      }
    }
    return null;
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private String scrape(String contentType) throws Exception {
    StringWriter out = new StringWriter();
    TextFormat.writeFormat(contentType, out, metrics.registry().metricFamilySamples());
    return out.toString();
  }

  /** The gen_ai_call lines, once there are {@code count}. */
  private List<JsonNode> awaitEvents(int count) throws Exception {
    Path file = dir.resolve("events.log");
    ObjectMapper mapper = new ObjectMapper();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      List<JsonNode> lines = new ArrayList<>();
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          JsonNode node = mapper.readTree(line);
          if ("gen_ai_call".equals(node.get("event").asText())) {
            lines.add(node);
          }
        }
      }
      if (lines.size() >= count || System.nanoTime() > deadline) {
        assertEquals(count, lines.size());
        return lines;
      }
      Thread.sleep(10);
    }
  }
}
