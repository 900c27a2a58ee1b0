package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.trace.Tracing;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GenAiTrackerTest {
  private final RecorderFixture fixture = new RecorderFixture();
  private final GenAiTracker responses = new GenAiTracker(fixture.errors, "test");

  /** A stream-response object as SDKs have them: one iterator, handed out each time. */
  static final class FakeStreamResponse {
    final Iterator<String> iterator;

    FakeStreamResponse(String... chunks) {
      this.iterator = List.of(chunks).iterator();
    }
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  /** Reads "tokens:N" as output tokens, "boom" as a reader bug. */
  static void read(GenAiCall call, Object chunk) {
    String text = String.valueOf(chunk);
    if (text.startsWith("tokens:")) {
      call.outputTokens(Long.parseLong(text.substring(7)));
    }
    if (text.equals("boom")) {
      throw new IllegalStateException("reader bug");
    }
  }

  private GenAiCall start(String model, boolean streaming) {
    return fixture.recorder.start("chat", "openai", model, streaming);
  }

  @Test
  void aBlockingResponseIsReadAndEndsTheCallAndTheCallIsDetached() throws Exception {
    GenAiCall call = start("blocking", false);
    responses.returned(call, GenAiTracker.Style.BLOCKING, "tokens:5", null, GenAiTrackerTest::read);
    assertTrue(call.isEnded());
    assertNull(Tracing.current(), "detached");
    assertTrue(scrape().contains("gen_ai_request_model=\"blocking\",gen_ai_response_model=\"\",gen_ai_token_type=\"output\",} 5.0"));
    GenAiCall failed = start("failed", false);
    responses.returned(failed, GenAiTracker.Style.BLOCKING, null, new IllegalArgumentException(), GenAiTrackerTest::read);
    assertTrue(failed.isEnded());
    assertTrue(scrape().contains("error_type=\"java.lang.IllegalArgumentException\",} 1.0"));
    GenAiCall readerBug = start("reader-bug", false);
    responses.returned(readerBug, GenAiTracker.Style.BLOCKING, "boom", null, GenAiTrackerTest::read);
    assertTrue(readerBug.isEnded(), "a failing reader still ends the call");
    assertTrue(scrape().contains("lantern_instrumentation_errors_total{instrumentation=\"test\",} 1.0"));
  }

  @Test
  void anAsyncCallEndsWhenItsFutureCompletesWithTheCauseOfAFailure() throws Exception {
    GenAiCall call = start("async", false);
    CompletableFuture<String> future = new CompletableFuture<>();
    responses.returned(call, GenAiTracker.Style.ASYNC, future, null, GenAiTrackerTest::read);
    assertNull(Tracing.current());
    assertFalse(call.isEnded(), "in flight");
    future.complete("tokens:9");
    assertTrue(call.isEnded());
    GenAiCall failing = start("async-failed", false);
    CompletableFuture<String> failed = new CompletableFuture<>();
    responses.returned(failing, GenAiTracker.Style.ASYNC, failed, null, GenAiTrackerTest::read);
    failed.completeExceptionally(new CompletionException(new ArithmeticException()));
    assertTrue(failing.isEnded());
    String text = scrape();
    assertTrue(text.contains("gen_ai_request_model=\"async\",gen_ai_response_model=\"\",gen_ai_token_type=\"output\",} 9.0"), text);
    assertTrue(text.contains("gen_ai_request_model=\"async-failed\",gen_ai_response_model=\"\",error_type=\"java.lang.ArithmeticException\",} 1.0"), text);
  }

  @Test
  void onlyTheReturnedStreamResponseIsMeasuredAndItsStreamEndsTheCallOnce() throws Exception {
    GenAiCall call = start("stream", true);
    Object streamResponse = new Object();
    responses.returned(call, GenAiTracker.Style.STREAMING, streamResponse, null, GenAiTrackerTest::read);
    assertFalse(call.isEnded());
    Stream<String> other = Stream.of("x");
    assertSame(other, responses.stream(new Object(), other), "an SDK-internal stream response passes untouched");
    Object observed = responses.stream(streamResponse, Stream.of("a", "tokens:3"));
    assertNotSame(observed, null);
    @SuppressWarnings("unchecked")
    List<String> seen = ((Stream<String>) observed).collect(Collectors.toList());
    assertEquals(List.of("a", "tokens:3"), seen);
    assertTrue(call.isEnded());
    responses.closed(streamResponse);
    assertEquals(0, responses.tracked(), "forgotten once closed");
    String text = scrape();
    assertTrue(text.contains("gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
        + "gen_ai_request_model=\"stream\",gen_ai_response_model=\"\",error_type=\"\",} 1.0"), text);
    assertTrue(text.contains("gen_ai_client_operation_time_to_first_chunk_seconds_count{"), text);
  }

  @Test
  void closingBeforeReadingEndsTheCall() {
    GenAiCall call = start("closed", true);
    Object streamResponse = new Object();
    responses.returned(call, GenAiTracker.Style.STREAMING, streamResponse, null, GenAiTrackerTest::read);
    responses.closed(streamResponse);
    assertTrue(call.isEnded());
    assertEquals(0, responses.tracked());
    responses.closed(streamResponse); // again: nothing
  }

  @Test
  void anIteratorHandedOutAgainIsTheSameObservingIterator() throws Exception {
    GenAiCall call = start("iterator", true);
    FakeStreamResponse streamResponse = new FakeStreamResponse("a", "tokens:4");
    responses.returned(call, GenAiTracker.Style.STREAMING, streamResponse, null, GenAiTrackerTest::read);
    Object first = responses.iterator(streamResponse, streamResponse.iterator);
    assertNotSame(streamResponse.iterator, first);
    assertSame(first, responses.iterator(streamResponse, streamResponse.iterator));
    @SuppressWarnings("unchecked")
    Iterator<String> it = (Iterator<String>) first;
    List<String> seen = new ArrayList<>();
    it.forEachRemaining(seen::add);
    assertEquals(List.of("a", "tokens:4"), seen);
    assertTrue(call.isEnded());
    assertThrows(NoSuchElementException.class, it::next);
    assertTrue(scrape().contains("gen_ai_request_model=\"iterator\",gen_ai_response_model=\"\",gen_ai_token_type=\"output\",} 4.0"));
    Iterator<String> unmeasured = List.of("z").iterator();
    assertSame(unmeasured, responses.iterator(new FakeStreamResponse(), unmeasured));
  }

  @Test
  void aFailingIteratorEndsTheCallWithTheLibrarysException() throws Exception {
    GenAiCall call = start("iterator-failed", true);
    Object streamResponse = new Object();
    responses.returned(call, GenAiTracker.Style.STREAMING, streamResponse, null, GenAiTrackerTest::read);
    IllegalStateException failure = new IllegalStateException("connection reset");
    Iterator<String> failing = new Iterator<String>() {
      @Override
      public boolean hasNext() {
        throw failure;
      }

      @Override
      public String next() {
        throw failure;
      }
    };
    @SuppressWarnings("unchecked")
    Iterator<String> it = (Iterator<String>) responses.iterator(streamResponse, failing);
    assertSame(failure, assertThrows(IllegalStateException.class, it::hasNext));
    assertTrue(call.isEnded());
    assertTrue(scrape().contains("gen_ai_request_model=\"iterator-failed\",gen_ai_response_model=\"\",error_type=\"java.lang.IllegalStateException\",} 1.0"));
  }

  @Test
  void anAsyncStreamUsedByTheApplicationsOwnDependentBeforeOursRanIsStillMeasured() throws Exception {
    GenAiCall call = start("async-stream", true);
    CompletableFuture<FakeStreamResponse> future = new CompletableFuture<>();
    responses.returned(call, GenAiTracker.Style.ASYNC_STREAMING, future, null, GenAiTrackerTest::read);
    assertNull(Tracing.current());
    List<String> seen = new ArrayList<>();
    // registered after ours, so it runs first
    CompletableFuture<Void> app = future.thenAccept(streamResponse -> {
      @SuppressWarnings("unchecked")
      Iterator<String> it = (Iterator<String>) responses.iterator(streamResponse, streamResponse.iterator);
      it.forEachRemaining(seen::add);
    });
    FakeStreamResponse arrived = new FakeStreamResponse("a", "tokens:6");
    future.complete(arrived);
    app.join();
    assertEquals(List.of("a", "tokens:6"), seen);
    assertTrue(call.isEnded());
    assertTrue(scrape().contains("gen_ai_request_model=\"async-stream\",gen_ai_response_model=\"\",gen_ai_token_type=\"output\",} 6.0"));

    GenAiCall later = start("async-stream-later", true);
    CompletableFuture<FakeStreamResponse> laterFuture = new CompletableFuture<>();
    responses.returned(later, GenAiTracker.Style.ASYNC_STREAMING, laterFuture, null, GenAiTrackerTest::read);
    FakeStreamResponse streamResponse = new FakeStreamResponse("tokens:2");
    laterFuture.complete(streamResponse);
    assertFalse(later.isEnded(), "arrived, not yet read");
    responses.closed(streamResponse);
    assertTrue(later.isEnded());

    GenAiCall failing = start("async-stream-failed", true);
    CompletableFuture<FakeStreamResponse> failed = new CompletableFuture<>();
    responses.returned(failing, GenAiTracker.Style.ASYNC_STREAMING, failed, null, GenAiTrackerTest::read);
    failed.completeExceptionally(new IllegalStateException());
    assertTrue(failing.isEnded());
    assertEquals(1, responses.tracked(), "exhausted, not closed (held weakly)");
    responses.closed(arrived);
    assertEquals(0, responses.tracked());
  }

  private String scrape() throws Exception {
    return fixture.scrape();
  }
}
