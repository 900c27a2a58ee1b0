package io.lantern.instrumentation.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiMetrics;
import io.lantern.agent.genai.GenAiPrices;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.log.EventLog;
import io.lantern.agent.log.EventLogSettings;
import io.lantern.agent.log.EventLogTarget;
import io.lantern.agent.metrics.LanternMetrics;
import io.lantern.agent.trace.LanternSpan;
import io.lantern.agent.trace.Tracing;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.FakeOpenAiChatModel;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

/**
 * The tracker driven as the advice drives it, with real Spring AI 2.x and Reactor objects; what it
 * records is read back from the exported spans (one per recorded call) and the metrics.
 */
class SpringAiTrackerTest {
  private final List<LanternSpan> exported = new CopyOnWriteArrayList<>();
  private LanternMetrics metrics;
  private GenAiRecorder recorder;
  private SpringAiTracker tracker;
  private final FakeOpenAiChatModel model = new FakeOpenAiChatModel();

  @BeforeEach
  void start() {
    metrics = new LanternMetrics(100);
    recorder = new GenAiRecorder(new GenAiMetrics(metrics), new Tracing(1.0, exported::add), EventLog.noop(), new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()),
        GenAiPrices.none(), false, 1000);
    tracker = new SpringAiTracker(recorder, new InstrumentationErrors(metrics, EventLog.noop()));
  }

  @AfterEach
  void clear() {
    Tracing.restore(null);
  }

  /** Everything the module reads of Spring AI, against the version it is tested with: a rename fails here, naming it. */
  @Test
  void everyTypeAndAccessorTheModuleReadsIsInSpringAi() {
    assertEquals(List.of(), SpringAiModels.API.missing(getClass().getClassLoader()), "missing from spring-ai-model");
    assertTrue(!SpringAiModels.API.accessors().isEmpty());
  }

  private static Prompt prompt(String model) {
    return new Prompt("secret prompt", model == null ? null : ChatOptions.builder().model(model).build());
  }

  /** A response (or stream element) naming its model, with usage when given, and a finish reason when given. */
  private static ChatResponse response(String model, Integer in, Integer out, String finish) {
    ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder().model(model);
    if (in != null) {
      metadata.usage(new DefaultUsage(in, out));
    }
    Generation generation = new Generation(new AssistantMessage("secret answer"),
        ChatGenerationMetadata.builder().finishReason(finish).build());
    return new ChatResponse(List.of(generation), metadata.build());
  }


  private LanternSpan onlySpan() {
    assertEquals(1, exported.size(), exported.toString());
    return exported.get(0);
  }

  private String scrape() throws Exception {
    StringWriter out = new StringWriter();
    TextFormat.write004(out, metrics.registry().metricFamilySamples());
    return out.toString();
  }

  /** What the advice does: stream(prompt) returned the model's flux; the app gets this one. */
  @SuppressWarnings("unchecked")
  private Flux<ChatResponse> stream(Prompt prompt) {
    return (Flux<ChatResponse>) tracker.exit(SpringAiTracker.STREAM, prompt, model, model.stream(prompt), null);
  }

  @Test
  void aBlockingCallReadsTheOptionsAndTheResponse() {
    Prompt prompt = prompt("gpt-4o");
    Object state = tracker.enter(SpringAiTracker.CALL, model, prompt, null);
    tracker.exit(SpringAiTracker.CALL, state, null, response("gpt-4o-2024-08-06", 12, 34, "STOP"), null);
    LanternSpan span = onlySpan();
    assertEquals("openai", span.attribute("gen_ai.provider.name"));
    assertEquals("chat", span.attribute("gen_ai.operation.name"));
    assertEquals("gpt-4o", span.attribute("gen_ai.request.model"));
    assertEquals("gpt-4o-2024-08-06", span.attribute("gen_ai.response.model"));
    assertEquals(12L, span.attribute("gen_ai.usage.input_tokens"));
    assertEquals(34L, span.attribute("gen_ai.usage.output_tokens"));
    assertEquals("stop", span.attribute("gen_ai.response.finish_reasons"));
    assertNull(Tracing.current());
  }

  @Test
  void withoutOptionsTheModelsDefaultIsRequestedAndEmptyUsageIsNoUsage() {
    Object state = tracker.enter(SpringAiTracker.CALL, model, prompt(null), null);
    tracker.exit(SpringAiTracker.CALL, state, null, response("m", null, null, null), null);
    LanternSpan span = onlySpan();
    assertEquals("default-model", span.attribute("gen_ai.request.model"));
    assertNull(span.attribute("gen_ai.usage.input_tokens"), "EmptyUsage's zeros are not counts");
  }

  @Test
  void aFailedOrLayeredCallIsRecordedOnce() {
    Object outer = tracker.enter(SpringAiTracker.CALL, model, prompt("a"), null);
    Object inner = tracker.enter(SpringAiTracker.CALL, model, prompt("a"), null);
    tracker.exit(SpringAiTracker.CALL, inner, null, null, new IllegalStateException("429"));
    assertTrue(exported.isEmpty(), "a layer below records nothing");
    tracker.exit(SpringAiTracker.CALL, outer, null, null, new IllegalStateException("429"));
    assertEquals("java.lang.IllegalStateException", onlySpan().errorType());
  }

  @Test
  void eachSubscriptionIsOneCallEndingWhenTheFluxCompletes() throws Exception {
    AtomicInteger subscriptions = new AtomicInteger();
    ChatResponse first = response("gpt-4o-1", null, null, null);
    ChatResponse last = response("gpt-4o-1", 5, 7, "STOP");
    model.stream = p -> Flux.defer(() -> {
      subscriptions.incrementAndGet();
      sleep(60);
      return Flux.just(first, last);
    });
    Flux<ChatResponse> flux = stream(prompt("gpt-4o"));
    assertTrue(exported.isEmpty(), "nothing happens before a subscription");
    assertEquals(0, subscriptions.get());
    List<ChatResponse> got = flux.collectList().block();
    assertEquals(2, got.size());
    assertSame(first, got.get(0), "the same elements, unchanged");
    assertSame(last, got.get(1));
    assertEquals(1, subscriptions.get(), "the model's flux is subscribed once");
    LanternSpan span = onlySpan();
    assertEquals(5L, span.attribute("gen_ai.usage.input_tokens"));
    assertEquals("stop", span.attribute("gen_ai.response.finish_reasons"));
    assertNull(span.errorType());
    assertNull(Tracing.current(), "not left current after the subscription");
    String text = scrape();
    String labels = "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\","
        + "gen_ai_response_model=\"gpt-4o-1\",error_type=\"\",";
    String count = "gen_ai_client_operation_time_to_first_chunk_seconds_count{" + labels + "} 1.0";
    assertTrue(text.contains(count), text);
    assertTrue(sample(text, "gen_ai_client_operation_time_to_first_chunk_seconds_sum{" + labels + "}") >= 0.06);

    flux.blockLast();
    assertEquals(2, exported.size(), "a second subscription is a second call");
    assertEquals(2, subscriptions.get());
  }

  @Test
  void aCancelledSubscriptionEndsAtTheCancelAndCancelsTheModelsFlux() {
    AtomicInteger cancelled = new AtomicInteger();
    // elements before the usage carry zero counts, as Spring AI's OpenAI module streams them
    model.stream = p -> Flux.just(response("m1", 0, 0, null), response("m1", 0, 0, null),
        response("m1", 1, 2, "STOP")).doOnCancel(cancelled::incrementAndGet);
    assertEquals(1, stream(prompt("m")).take(1).collectList().block().size());
    assertEquals(1, cancelled.get());
    assertNull(onlySpan().errorType());
    assertNull(onlySpan().attribute("gen_ai.usage.input_tokens"), "cancelled before the usage");
  }

  @Test
  void aFailingFluxFailsTheSubscriberWithTheSameExceptionAndEndsTheCall() {
    IllegalStateException failure = new IllegalStateException("429");
    model.stream = p -> Flux.concat(Flux.just(response("m1", null, null, null)), Flux.error(failure));
    IllegalStateException got = assertThrows(IllegalStateException.class, () -> stream(prompt("m")).blockLast());
    assertSame(failure, got);
    assertEquals("java.lang.IllegalStateException", onlySpan().errorType());
  }

  @Test
  void anSdkCallMadeWhileSubscribingNestsInTheSubscriptionsCall() {
    model.stream = p -> Flux.defer(() -> {
      GenAiCall sdk = recorder.start("chat", "openai", "gpt-4o", true); // what openai-java's advice does
      assertTrue(sdk.isNested(), "the Spring AI call is current while the model's flux is subscribed");
      sdk.responseModel("gpt-4o-sdk");
      sdk.usage(3, 4);
      sdk.end(null);
      sdk.detach();
      return Flux.just(response("", null, null, "STOP"));
    });
    stream(prompt("gpt-4o")).blockLast();
    LanternSpan span = onlySpan();
    assertEquals("gpt-4o-sdk", span.attribute("gen_ai.response.model"));
    assertEquals(3L, span.attribute("gen_ai.usage.input_tokens"));
  }

  @Test
  void theSubscribersContextReachesTheModelsFlux() {
    model.stream = p -> Flux.deferContextual(context -> Flux.just(response(context.get("key"), null, null, null)));
    ChatResponse got = stream(prompt("m")).contextWrite(Context.of("key", "from-the-app")).blockLast();
    assertEquals("from-the-app", got.getMetadata().getModel());
    assertEquals("from-the-app", onlySpan().attribute("gen_ai.response.model"));
  }

  @Test
  void somethingNotAFluxIsReturnedAsItIs() {
    Object notAFlux = "not a flux";
    assertSame(notAFlux, tracker.exit(SpringAiTracker.STREAM, prompt("m"), model, notAFlux, null));
    assertNull(tracker.exit(SpringAiTracker.STREAM, prompt("m"), model, null, null));
    tracker.exit(SpringAiTracker.CALL, "not a state", null, null, null);
    assertTrue(exported.isEmpty());
  }

  @Test
  void withCaptureOnThePromptAndTheStreamedTextAreInTheEvent(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.log");
    EventLog events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.FILE).file(file.toString()).build());
    tracker = new SpringAiTracker(new GenAiRecorder(new GenAiMetrics(new LanternMetrics(100)), new Tracing(1.0), events, new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()), GenAiPrices.none(),
        true, 1000), new InstrumentationErrors(metrics, EventLog.noop()));
    model.stream = p -> Flux.just(response("m1", 0, 0, null), response("m1", 1, 2, "STOP"));
    stream(prompt("m")).blockLast();
    events.close();
    String line = Files.readAllLines(file).stream().filter(l -> l.contains("\"gen_ai_call\"")).findFirst().orElseThrow();
    assertTrue(line.contains("\"gen_ai_input_messages\":\"secret prompt\""), line);
    assertTrue(line.contains("\"gen_ai_output_messages\":\"secret answersecret answer\""), line);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double sample(String text, String prefix) {
    for (String line : text.split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(prefix.length()).trim());
      }
    }
    throw new AssertionError("no " + prefix + " in\n" + text);
  }
}
