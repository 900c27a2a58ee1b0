package io.lantern.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fake.stainless.core.http.AsyncStreamResponse;
import io.lantern.agent.trace.Tracing;
import io.lantern.agent.util.SdkApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tracker every Stainless SDK's module extends, driven through its hook sites as the advice drives it. */
class StainlessTrackerTest {
  static final String SERVICE_CLASS = "fake.stainless.services.MessageServiceImpl";
  static final SdkApi API = new SdkApi("test");
  /** A module's reading of the params: here, the params are the model's name. */
  static final StainlessSdk.Requests REQUESTS = new StainlessSdk.Requests() {
    @Override
    public String model(Object params, StainlessSdk.Service service) {
      if (params == null) {
        throw new IllegalStateException("a module's bug");
      }
      return (String) params;
    }

    @Override
    public String prompt(Object params, StainlessSdk.Service service) {
      return null;
    }
  };
  static final StainlessSdk SDK = new StainlessSdk(API, "fake.stainless", "openai", REQUESTS,
      new StainlessSdk.Service(SERVICE_CLASS, false, null, GenAiTrackerTest::read, GenAiTrackerTest::read));

  private final RecorderFixture fixture = new RecorderFixture();
  private final StainlessTracker tracker = new StainlessTracker(SDK, fixture.recorder, fixture.errors);

  /** Shaped like the Stainless SDKs' AsyncStreamResponse. */
  public static final class FakeAsyncStreamResponse implements AsyncStreamResponse<String> {
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public CompletableFuture<Void> onCompleteFuture() {
      return done;
    }
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private Object serviceEnter(String model, String method) {
    return tracker.enter(StainlessTracker.SERVICE, null, model, SERVICE_CLASS + "." + method);
  }

  private Object subscribe(Object response, Object handler) {
    return tracker.exit(StainlessTracker.SUBSCRIBE, null, response, handler, null);
  }

  @Test
  void theSdkNamesAreDeclaredWithTheModulesApi() {
    assertEquals(List.of(), API.missing(getClass().getClassLoader()));
    assertEquals("fake.stainless.core.http.AsyncStreamResponse.onCompleteFuture()", API.accessors().get(0).toString());
  }

  @Test
  void theProviderIsTheServiceClientsHostsElseTheSdks() {
    assertEquals("deepseek", tracker.provider(new fake.stainless.services.MessageServiceImpl(
        new fake.stainless.core.ClientOptions("https://api.deepseek.com/v1"))));
    assertEquals("openai", tracker.provider(new fake.stainless.services.MessageServiceImpl(
        new fake.stainless.core.ClientOptions("http://localhost:11434/v1"))), "a self-hosted server: the API shape");
    StainlessTracker mapped = new StainlessTracker(SDK, fixture.recorder, GenAiHosts.parse("localhost:11434=ollama"), fixture.errors);
    assertEquals("ollama", mapped.provider(new fake.stainless.services.MessageServiceImpl(
        new fake.stainless.core.ClientOptions("http://localhost:11434/v1"))));
    assertEquals("openai", tracker.provider(new fake.stainless.services.MessageServiceImpl(null)));
    assertEquals("openai", tracker.provider("not a service"));
    assertEquals("openai", tracker.provider(null));
  }

  @Test
  void createIsTheServicesStyleAndCreateStreamingAStreamResponse() {
    assertEquals(GenAiTracker.Style.BLOCKING, tracker.method(SERVICE_CLASS + ".create").style());
    assertEquals(GenAiTracker.Style.STREAMING, tracker.method(SERVICE_CLASS + ".createStreaming").style());
    assertNull(tracker.method(SERVICE_CLASS + ".countTokens"));
    assertNull(tracker.method(null));
  }

  @Test
  void aServiceCallIsStartedByTheModuleAndEndedByTheExit() throws Exception {
    Object state = serviceEnter("blocking", "create");
    assertSame("tokens:5", tracker.exit(StainlessTracker.SERVICE, state, null, "tokens:5", null), "returned as it is");
    assertNull(Tracing.current(), "detached");
    assertNull(serviceEnter("other", "countTokens"), "a method the module does not measure");
    assertNull(tracker.enter(StainlessTracker.SERVICE, null, null, SERVICE_CLASS + ".create"), "the module's failure is reported");
    assertSame("x", tracker.exit(StainlessTracker.SERVICE, null, null, "x", null), "no state: nothing to end");
    String text = fixture.scrape();
    assertTrue(text.contains("gen_ai_request_model=\"blocking\",gen_ai_response_model=\"\",gen_ai_token_type=\"output\",} 5.0"), text);
    assertTrue(text.contains("lantern_instrumentation_errors_total{instrumentation=\"test\",} 1.0"), text);
  }

  @Test
  void aStreamResponsesStreamIsObservedAndItsCloseEndsTheCall() throws Exception {
    Object streamResponse = new Object();
    tracker.exit(StainlessTracker.SERVICE, serviceEnter("stream", "createStreaming"), null, streamResponse, null);
    assertNull(tracker.exit(StainlessTracker.STREAM, null, streamResponse, null, null), "no stream: none");
    Stream<String> other = Stream.of("x");
    assertSame(other, tracker.exit(StainlessTracker.STREAM, null, new Object(), other, null), "an SDK-internal stream response");
    @SuppressWarnings("unchecked")
    Stream<String> observed = (Stream<String>) tracker.exit(StainlessTracker.STREAM, null, streamResponse, Stream.of("a", "tokens:3"), null);
    assertEquals(List.of("a", "tokens:3"), observed.collect(Collectors.toList()));
    tracker.exit(StainlessTracker.CLOSE, null, streamResponse, null, null);
    assertEquals(0, tracker.tracked(), "forgotten once closed");

    Object closedEarly = new Object();
    tracker.exit(StainlessTracker.SERVICE, serviceEnter("closed", "createStreaming"), null, closedEarly, null);
    tracker.exit(StainlessTracker.CLOSE, null, closedEarly, null, null);
    String text = fixture.scrape();
    assertTrue(text.contains("gen_ai_request_model=\"stream\",gen_ai_response_model=\"\",gen_ai_token_type=\"output\",} 3.0"), text);
    assertTrue(text.contains("gen_ai_request_model=\"closed\",gen_ai_response_model=\"\",error_type=\"\",} 1.0"), text);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAsyncStreamResponseIsObservedThroughTheHandlerSubscribedToIt() throws Exception {
    GenAiCall call = fixture.recorder.start("chat", "openai", "async-handler", true);
    FakeAsyncStreamResponse response = new FakeAsyncStreamResponse();
    tracker.returned(call, GenAiTracker.Style.STREAMING, response, null, GenAiTrackerTest::read);
    List<String> seen = new ArrayList<>();
    AsyncStreamResponse.Handler<String> app = seen::add;
    Object subscribed = subscribe(response, app);
    assertNotSame(app, subscribed);
    assertSame(subscribed, subscribe(response, subscribed), "an SDK's subscribe overloads calling each other wrap once");
    assertSame(app, subscribe(new FakeAsyncStreamResponse(), app), "an unmeasured response keeps its handler");
    assertNull(subscribe(response, null), "no handler: none");
    AsyncStreamResponse.Handler<String> handler = (AsyncStreamResponse.Handler<String>) subscribed;
    handler.onNext("a");
    handler.onNext("tokens:8");
    assertFalse(call.isEnded());
    handler.onComplete(Optional.empty());
    assertTrue(call.isEnded());
    assertEquals(List.of("a", "tokens:8"), seen);
    response.done.complete(null);

    GenAiCall failing = fixture.recorder.start("chat", "openai", "async-handler-failed", true);
    FakeAsyncStreamResponse unsubscribed = new FakeAsyncStreamResponse();
    tracker.returned(failing, GenAiTracker.Style.STREAMING, unsubscribed, null, GenAiTrackerTest::read);
    unsubscribed.done.completeExceptionally(new IllegalStateException("429"));
    assertTrue(failing.isEnded(), "failed before any subscription: the completion future ends it");
    String text = fixture.scrape();
    assertTrue(text.contains("gen_ai_request_model=\"async-handler\",gen_ai_response_model=\"\",gen_ai_token_type=\"output\",} 8.0"), text);
    assertTrue(text.contains("gen_ai_request_model=\"async-handler-failed\",gen_ai_response_model=\"\",error_type=\"java.lang.IllegalStateException\",} 1.0"), text);
  }

  @Test
  void theRulesWeaveEveryServiceAndTheStreamResponses() {
    StainlessInstrumentation module = new StainlessInstrumentation(SDK) {};
    assertEquals("test", module.name());
    assertEquals(7, module.rules().size(), "the service; stream() and close() of stream responses; subscribe and close() of async ones;"
        + " the retrying client's exchange and its retries");
  }
}
