package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamHandlerProxyTest {
  /** Shaped like the Stainless SDKs' AsyncStreamResponse.Handler. */
  public interface Handler<T> {
    void onNext(T value);

    default void onComplete(Optional<Throwable> error) {}
  }

  private final RecorderFixture fixture = new RecorderFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  private GenAiCall call() {
    return fixture.streamingCall("anthropic", "m");
  }

  @SuppressWarnings("unchecked")
  private Handler<String> wrap(Handler<String> handler, GenAiCall call) {
    return (Handler<String>) StreamHandlerProxy.wrap(Handler.class, handler, call,
        (c, chunk) -> c.outputTokens(((String) chunk).length()), fixture.errors, "test");
  }

  @Test
  void chunksAreReadAndPassedOnAndOnCompleteEndsTheCall() throws Exception {
    List<String> seen = new ArrayList<>();
    List<Optional<Throwable>> completions = new ArrayList<>();
    Handler<String> app = new Handler<String>() {
      @Override
      public void onNext(String value) {
        seen.add(value);
      }

      @Override
      public void onComplete(Optional<Throwable> error) {
        completions.add(error);
      }
    };
    GenAiCall call = call();
    Handler<String> proxy = wrap(app, call);
    proxy.onNext("ab");
    proxy.onNext("abcd");
    assertFalse(call.isEnded());
    proxy.onComplete(Optional.empty());
    assertTrue(call.isEnded());
    assertEquals(List.of("ab", "abcd"), seen);
    assertEquals(List.of(Optional.empty()), completions);
    assertTrue(proxy.equals(proxy));
    assertNotEquals(proxy, app);
    assertEquals(System.identityHashCode(proxy), proxy.hashCode());
    String text = scrape();
    assertTrue(text.contains("gen_ai_token_type=\"output\",} 4.0"), text);
    assertTrue(text.contains("gen_ai_client_operation_time_to_first_chunk_seconds_count{"), text);
  }

  @Test
  void aStreamErrorIsTheCallsErrorTheApplicationsOwnIsNot() throws Exception {
    IllegalStateException mine = new IllegalStateException("app bug");
    Handler<String> throwing = value -> {
      throw mine;
    };
    GenAiCall appFailed = call();
    Handler<String> proxy = wrap(throwing, appFailed);
    assertSame(mine, assertThrows(IllegalStateException.class, () -> proxy.onNext("x")), "the application's exception, unchanged");
    proxy.onComplete(Optional.of(mine)); // the library reports it back, as the Stainless SDKs do
    GenAiCall streamFailed = call();
    wrap(value -> { }, streamFailed).onComplete(Optional.of(new java.io.UncheckedIOException(new java.io.IOException())));
    String text = scrape();
    assertTrue(text.contains("error_type=\"\",} 1.0"), text);
    assertTrue(text.contains("error_type=\"java.io.UncheckedIOException\",} 1.0"), text);
  }

  @Test
  void aHandlerOfAnotherTypeIsLeftAlone() {
    Runnable notAHandler = () -> { };
    assertSame(notAHandler, StreamHandlerProxy.wrap(Handler.class, notAHandler, call(), (c, chunk) -> { }, fixture.errors, "test"));
  }

  private String scrape() throws Exception {
    return fixture.scrape();
  }
}
