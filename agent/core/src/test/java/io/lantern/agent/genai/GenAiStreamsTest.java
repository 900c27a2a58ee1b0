package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GenAiStreamsTest {
  private final RecorderFixture fixture = new RecorderFixture();
  private final AtomicInteger sourceClosed = new AtomicInteger();

  @AfterEach
  void close() {
    fixture.close();
  }

  private GenAiCall call() {
    return fixture.streamingCall("openai", "m");
  }

  private Stream<String> source(String... chunks) {
    return Stream.of(chunks).onClose(sourceClosed::incrementAndGet);
  }

  /** Reads "tokens:N" chunks as output tokens. */
  private static void read(GenAiCall call, Object chunk) {
    String text = (String) chunk;
    if (text.startsWith("tokens:")) {
      call.outputTokens(Long.parseLong(text.substring(7)));
    }
  }

  @Test
  void exhaustingTheStreamEndsTheCallOnceWithTheSameElements() throws Exception {
    GenAiCall call = call();
    Stream<String> observed = GenAiStreams.observe(source("a", "b", "tokens:7"), call, GenAiStreamsTest::read, fixture.errors, "test");
    assertFalse(call.isEnded(), "nothing is read before a terminal operation");
    assertEquals(List.of("a", "b", "tokens:7"), observed.collect(Collectors.toList()));
    assertTrue(call.isEnded());
    assertFalse(call.end(null));
    observed.close();
    assertEquals(1, sourceClosed.get(), "closing ours closes the library's stream");
    String text = scrape();
    assertTrue(text.contains("gen_ai_client_token_usage_sum{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
        + "gen_ai_request_model=\"m\",gen_ai_response_model=\"\",gen_ai_token_type=\"output\",} 7.0"), text);
    assertTrue(text.contains("gen_ai_client_operation_time_to_first_chunk_seconds_count{"), text);
  }

  @Test
  void closingBeforeTheEndEndsTheCallWithoutAnError() throws Exception {
    GenAiCall call = call();
    Stream<String> observed = GenAiStreams.observe(source("a", "b", "c"), call, GenAiStreamsTest::read, fixture.errors, "test");
    Iterator<String> it = observed.iterator();
    assertEquals("a", it.next());
    assertFalse(call.isEnded());
    observed.close();
    assertTrue(call.isEnded());
    assertEquals(1, sourceClosed.get());
    assertTrue(scrape().contains("error_type=\"\",} 1.0"));
  }

  @Test
  void aLibraryFailureEndsTheCallWithItsClassAndReachesTheApplicationUnchanged() throws Exception {
    GenAiCall call = call();
    IllegalStateException failure = new IllegalStateException("stream broke");
    Stream<String> failing = Stream.of("a", "b").map(s -> {
      if (s.equals("b")) {
        throw failure;
      }
      return s;
    });
    List<String> seen = new ArrayList<>();
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> GenAiStreams.observe(failing, call, GenAiStreamsTest::read, fixture.errors, "test").forEach(seen::add));
    assertTrue(thrown == failure);
    assertEquals(List.of("a"), seen);
    assertTrue(call.isEnded());
    assertTrue(scrape().contains("error_type=\"java.lang.IllegalStateException\",} 1.0"));
  }

  @Test
  void theApplicationsOwnExceptionIsNotTheCallsError() throws Exception {
    GenAiCall call = call();
    assertThrows(ArithmeticException.class, () -> GenAiStreams.observe(source("a", "b"), call, GenAiStreamsTest::read, fixture.errors, "test")
        .forEach(s -> {
          throw new ArithmeticException();
        }));
    assertTrue(call.isEnded());
    assertTrue(scrape().contains("error_type=\"\",} 1.0"));
  }

  @Test
  void aFailingReaderIsReportedAndTheChunkStillArrives() throws Exception {
    GenAiCall call = call();
    List<String> seen = GenAiStreams.observe(source("a", "b"), call, (c, chunk) -> {
      throw new IllegalArgumentException("reader bug");
    }, fixture.errors, "test").collect(Collectors.toList());
    assertEquals(List.of("a", "b"), seen);
    assertTrue(scrape().contains("lantern_instrumentation_errors_total{instrumentation=\"test\",} 2.0"));
  }

  private String scrape() throws Exception {
    return fixture.scrape();
  }
}
