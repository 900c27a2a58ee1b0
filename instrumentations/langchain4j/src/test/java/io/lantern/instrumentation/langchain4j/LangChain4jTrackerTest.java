package io.lantern.instrumentation.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.lantern.agent.InstrumentationErrors;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker driven in the order the advice calls it, with real LangChain4j 1.x objects: what it
 * records is read back from the exported spans (one per recorded call) and the metrics.
 */
class LangChain4jTrackerTest {
  private final List<LanternSpan> exported = new CopyOnWriteArrayList<>();
  private LanternMetrics metrics;
  private InstrumentationErrors errors;
  private LangChain4jTracker tracker;

  /** A provider module's model: OpenAI by its provider(), a default model in its parameters. */
  static final class Model implements ChatModel {
    ModelProvider provider = ModelProvider.OPEN_AI;

    @Override
    public ModelProvider provider() {
      return provider;
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return DefaultChatRequestParameters.builder().modelName("default-model").build();
    }
  }

  /** An application's handler: it overrides only the classic one-argument partial callback. */
  static class Handler implements StreamingChatResponseHandler {
    final List<String> got = new CopyOnWriteArrayList<>();
    RuntimeException failPartials;

    @Override
    public void onPartialResponse(String partialResponse) {
      got.add("partial " + partialResponse);
      if (failPartials != null) {
        throw failPartials;
      }
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      got.add("complete " + completeResponse.modelName());
    }

    @Override
    public void onError(Throwable error) {
      got.add("error " + error.getMessage());
    }
  }

  static final class Handle implements StreamingHandle {
    volatile boolean cancelled;

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }
  }

  @BeforeEach
  void start() {
    metrics = new LanternMetrics(100);
    errors = new InstrumentationErrors(metrics, EventLog.noop());
    GenAiRecorder recorder = new GenAiRecorder(new GenAiMetrics(metrics), new Tracing(1.0, exported::add), EventLog.noop(), new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()),
        GenAiPrices.none(), false, 1000);
    tracker = new LangChain4jTracker(recorder, errors);
  }

  @AfterEach
  void clear() {
    Tracing.restore(null);
  }

  private static ChatRequest request(String model) {
    return ChatRequest.builder().messages(UserMessage.from("secret prompt")).modelName(model).build();
  }

  private static ChatResponse response(String model, Integer in, Integer out, FinishReason reason) {
    return ChatResponse.builder().aiMessage(AiMessage.from("secret answer")).modelName(model)
        .tokenUsage(in == null && out == null ? null : new TokenUsage(in, out)).finishReason(reason).build();
  }


  private String scrape() throws Exception {
    StringWriter out = new StringWriter();
    TextFormat.write004(out, metrics.registry().metricFamilySamples());
    return out.toString();
  }

  private LanternSpan onlySpan() {
    assertEquals(1, exported.size(), exported.toString());
    return exported.get(0);
  }

  @Test
  void theOpenAiModulesUsageGivesCachedAndReasoningTokens() {
    Model model = new Model();
    Object state = tracker.enter(LangChain4jTracker.CHAT, model, request("gpt-4o"), null);
    dev.langchain4j.model.openai.OpenAiTokenUsage usage = dev.langchain4j.model.openai.OpenAiTokenUsage.builder()
        .inputTokenCount(40).outputTokenCount(50)
        .inputTokensDetails(dev.langchain4j.model.openai.OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(32).build())
        .outputTokensDetails(dev.langchain4j.model.openai.OpenAiTokenUsage.OutputTokensDetails.builder().reasoningTokens(44).build())
        .build();
    ChatResponse response = ChatResponse.builder().aiMessage(AiMessage.from("a")).modelName("gpt-4o").tokenUsage(usage).build();
    tracker.exit(LangChain4jTracker.CHAT, state, null, response, null);
    LanternSpan span = onlySpan();
    assertEquals(40L, span.attribute("gen_ai.usage.input_tokens"));
    assertEquals(32L, span.attribute("gen_ai.usage.cache_read.input_tokens"));
    assertEquals(44L, span.attribute("gen_ai.usage.reasoning.output_tokens"));
    assertNull(span.attribute("gen_ai.usage.cache_creation.input_tokens"));
  }

  @Test
  void aBlockingCallReadsTheRequestAndTheResponse() throws Exception {
    Model model = new Model();
    Object state = tracker.enter(LangChain4jTracker.CHAT, model, request("gpt-4o"), null);
    tracker.exit(LangChain4jTracker.CHAT, state, null, response("gpt-4o-2024-08-06", 12, 34, FinishReason.LENGTH), null);
    LanternSpan span = onlySpan();
    assertEquals("chat", span.attribute("gen_ai.operation.name"));
    assertEquals("openai", span.attribute("gen_ai.provider.name"));
    assertEquals("gpt-4o", span.attribute("gen_ai.request.model"));
    assertEquals("gpt-4o-2024-08-06", span.attribute("gen_ai.response.model"));
    assertEquals(12L, span.attribute("gen_ai.usage.input_tokens"));
    assertEquals(34L, span.attribute("gen_ai.usage.output_tokens"));
    assertEquals("length", span.attribute("gen_ai.response.finish_reasons"));
    assertNull(Tracing.current(), "detached when chat returned");
    String text = scrape();
    assertTrue(text.contains("gen_ai_client_token_usage_sum{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
        + "gen_ai_request_model=\"gpt-4o\",gen_ai_response_model=\"gpt-4o-2024-08-06\",gen_ai_token_type=\"input\",} 12.0"), text);
    assertFalse(text.contains("time_to_first_chunk_seconds_count{"), "not a streaming call");
  }

  @Test
  void theDefaultModelIsTheRequestModelWhenTheRequestNamesNone() {
    Object state = tracker.enter(LangChain4jTracker.CHAT, new Model(), request(null), null);
    tracker.exit(LangChain4jTracker.CHAT, state, null, response("default-model-v2", null, null, null), null);
    LanternSpan span = onlySpan();
    assertEquals("default-model", span.attribute("gen_ai.request.model"));
    assertNull(span.attribute("gen_ai.usage.input_tokens"), "no usage in the response: none reported");
    assertNull(span.attribute("gen_ai.response.finish_reasons"));
  }

  @Test
  void aFailedCallKeepsTheExceptionClass() throws Exception {
    Object state = tracker.enter(LangChain4jTracker.CHAT, new Model(), request("gpt-4o"), null);
    tracker.exit(LangChain4jTracker.CHAT, state, null, null, new IllegalStateException("429"));
    assertEquals("java.lang.IllegalStateException", onlySpan().errorType());
    assertTrue(scrape().contains("error_type=\"java.lang.IllegalStateException\",} 1.0"));
  }

  @Test
  void layersOfChatCountOnce() {
    Model model = new Model();
    ChatRequest request = request("gpt-4o");
    Object outer = tracker.enter(LangChain4jTracker.CHAT, model, request, null); // chat(request)
    Object inner = tracker.enter(LangChain4jTracker.CHAT, model, request, null); // chat(request, options)
    ChatResponse response = response("gpt-4o-1", 1, 2, FinishReason.STOP);
    tracker.exit(LangChain4jTracker.CHAT, inner, null, response, null);
    assertTrue(exported.isEmpty(), "the inner layer records nothing");
    tracker.exit(LangChain4jTracker.CHAT, outer, null, response, null);
    assertEquals("stop", onlySpan().attribute("gen_ai.response.finish_reasons"));
  }

  /** What the advice does at a streaming chat's entry: the handler the model gets in place of {@code handler}. */
  private StreamingChatResponseHandler streamingEnter(Object[] state, Object handler) {
    state[0] = tracker.enter(LangChain4jTracker.STREAM_CHAT, new Model(), request("gpt-4o"), null);
    return (StreamingChatResponseHandler) tracker.exit(LangChain4jTracker.HANDLER, state[0], null, handler, null);
  }

  private static PartialResponse partial(String text) {
    return new PartialResponse(text);
  }

  @Test
  void aStreamEndsAtOnCompleteResponseOnceWithTheTimeToTheFirstChunk() throws Exception {
    Handler app = new Handler();
    Object[] outer = new Object[1];
    StreamingChatResponseHandler given = streamingEnter(outer, app);
    assertFalse(given == app, "the model gets an observing handler");
    Object[] inner = new Object[1];
    assertTrue(streamingEnter(inner, given) == given, "a layer below passes on what it got");
    tracker.exit(LangChain4jTracker.STREAM_CHAT, inner[0], null, null, null);
    tracker.exit(LangChain4jTracker.STREAM_CHAT, outer[0], null, null, null);
    assertNull(Tracing.current(), "detached when chat returned; the stream goes on");
    assertTrue(exported.isEmpty());
    Thread.sleep(60);
    Handle handle = new Handle();
    given.onPartialResponse(partial("He"), new PartialResponseContext(handle));
    given.onPartialResponse("llo");
    given.onCompleteResponse(response("gpt-4o-9", 5, 7, FinishReason.STOP));
    given.onCompleteResponse(response("gpt-4o-9", 5, 7, FinishReason.STOP));
    given.onError(new IllegalStateException("late"));
    tracker.exit(LangChain4jTracker.CANCEL, null, handle, null, null);
    assertEquals(List.of("partial He", "partial llo", "complete gpt-4o-9", "complete gpt-4o-9", "error late"), app.got,
        "the application's handler hears everything, unchanged");
    LanternSpan span = onlySpan();
    assertEquals(5L, span.attribute("gen_ai.usage.input_tokens"));
    assertEquals("gpt-4o-9", span.attribute("gen_ai.response.model"));
    assertNull(span.errorType());
    String text = scrape();
    String labels = "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o\","
        + "gen_ai_response_model=\"gpt-4o-9\",error_type=\"\",";
    assertTrue(text.contains("gen_ai_client_operation_time_to_first_chunk_seconds_count{" + labels + "} 1.0"), text);
    double firstChunk = sample(text, "gen_ai_client_operation_time_to_first_chunk_seconds_sum{" + labels + "}");
    assertTrue(firstChunk >= 0.06, "time to first chunk " + firstChunk);
    assertTrue(sample(text, "gen_ai_client_operation_duration_seconds_sum{" + labels + "}") >= firstChunk);
  }

  @Test
  void aStreamEndsAtOnErrorWithItsClass() {
    Handler app = new Handler();
    Object[] state = new Object[1];
    StreamingChatResponseHandler given = streamingEnter(state, app);
    tracker.exit(LangChain4jTracker.STREAM_CHAT, state[0], null, null, null);
    given.onError(new java.io.UncheckedIOException(new java.io.IOException("reset")));
    given.onCompleteResponse(response("x", 1, 1, FinishReason.STOP));
    assertEquals("java.io.UncheckedIOException", onlySpan().errorType());
    assertEquals(2, app.got.size());
  }

  @Test
  void theApplicationsOwnCallbackFailureIsNotTheCallsError() {
    Handler app = new Handler();
    app.failPartials = new IllegalArgumentException("the app's bug");
    Object[] state = new Object[1];
    StreamingChatResponseHandler given = streamingEnter(state, app);
    tracker.exit(LangChain4jTracker.STREAM_CHAT, state[0], null, null, null);
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> given.onPartialResponse("x"));
    given.onError(thrown); // what LangChain4j does with it; the stream goes on
    assertTrue(exported.isEmpty());
    given.onCompleteResponse(response("y", 1, 1, FinishReason.STOP));
    assertNull(onlySpan().errorType());
  }

  @Test
  void aCancelledStreamEndsWhenItsHandleIsCancelled() {
    Handler app = new Handler();
    Object[] state = new Object[1];
    StreamingChatResponseHandler given = streamingEnter(state, app);
    tracker.exit(LangChain4jTracker.STREAM_CHAT, state[0], null, null, null);
    Handle handle = new Handle();
    given.onPartialResponse(partial("a"), new PartialResponseContext(handle));
    tracker.exit(LangChain4jTracker.CANCEL, null, new Handle(), null, null); // someone else's stream
    assertTrue(exported.isEmpty());
    handle.cancel();
    tracker.exit(LangChain4jTracker.CANCEL, null, handle, null, null); // what the advice in cancel() does
    assertNull(onlySpan().errorType());
    assertNull(onlySpan().attribute("gen_ai.usage.input_tokens"), "ended before any usage");
  }

  @Test
  void aStreamCancelledInsideItsCallbackEndsWhenTheCallbackReturns() {
    Handle handle = new Handle();
    StreamingChatResponseHandler app = new Handler() {
      @Override
      public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        context.streamingHandle().cancel();
      }
    };
    Object[] state = new Object[1];
    StreamingChatResponseHandler given = streamingEnter(state, app);
    tracker.exit(LangChain4jTracker.STREAM_CHAT, state[0], null, null, null);
    given.onPartialResponse(partial("a"), new PartialResponseContext(handle));
    assertTrue(handle.isCancelled());
    assertNull(onlySpan().errorType());
  }

  @Test
  void aStreamThatFailsInChatEndsThere() {
    Object[] state = new Object[1];
    StreamingChatResponseHandler given = streamingEnter(state, new Handler());
    tracker.exit(LangChain4jTracker.STREAM_CHAT, state[0], null, null, new IllegalArgumentException("bad"));
    given.onError(new IllegalArgumentException("bad")); // what some modules do as well
    assertEquals("java.lang.IllegalArgumentException", onlySpan().errorType());
  }

  @Test
  void aHandlerOfNoKnownTypeIsPassedOnAsItIs() {
    Object state = tracker.enter(LangChain4jTracker.STREAM_CHAT, new Model(), request("gpt-4o"), null);
    Object notAHandler = new Object();
    assertTrue(tracker.exit(LangChain4jTracker.HANDLER, state, null, notAHandler, null) == notAHandler);
    assertNull(tracker.exit(LangChain4jTracker.HANDLER, state, null, null, null));
    tracker.exit(LangChain4jTracker.STREAM_CHAT, state, null, null, null);
  }

  @Test
  void theOpenAiModulesModelsAreNamedByTheirBaseUrlsHost() {
    io.lantern.agent.genai.GenAiHosts hosts = io.lantern.agent.genai.GenAiHosts.parse("localhost:11434=ollama");
    Object groq = dev.langchain4j.model.openai.OpenAiChatModel.builder().baseUrl("https://api.groq.com/openai/v1")
        .apiKey("k").modelName("m").build();
    Object ollama = dev.langchain4j.model.openai.OpenAiStreamingChatModel.builder().baseUrl("http://localhost:11434/v1")
        .apiKey("k").modelName("m").build();
    Object embeddings = dev.langchain4j.model.openai.OpenAiEmbeddingModel.builder().baseUrl("https://api.deepseek.com")
        .apiKey("k").modelName("m").build();
    Object openAi = dev.langchain4j.model.openai.OpenAiChatModel.builder().apiKey("k").modelName("m").build();
    assertEquals("groq", LangChain4jModels.provider(groq, hosts));
    assertEquals("ollama", LangChain4jModels.provider(ollama, hosts));
    assertEquals("openai", LangChain4jModels.provider(ollama, io.lantern.agent.genai.GenAiHosts.NONE), "unmapped: the API shape");
    assertEquals("deepseek", LangChain4jModels.provider(embeddings, hosts));
    assertEquals("openai", LangChain4jModels.provider(openAi, hosts), "the default base URL");
    Model other = new Model();
    other.provider = ModelProvider.GOOGLE_AI_GEMINI;
    assertEquals("gcp.gemini", LangChain4jModels.provider(other, hosts), "another module: its own provider");
  }

  @Test
  void providersFromTheModelOrItsClass() {
    Model model = new Model();
    model.provider = ModelProvider.GOOGLE_AI_GEMINI;
    assertEquals("gcp.gemini", LangChain4jModels.provider(model));
    model.provider = ModelProvider.OTHER;
    assertNull(LangChain4jModels.provider(model), "OTHER, and a class of no provider module");
    assertEquals("openai", LangChain4jModels.provider(new dev.langchain4j.model.openai.FakeOpenAiModel()));
    Object state = tracker.enter(LangChain4jTracker.CHAT, model, request("m"), null);
    tracker.exit(LangChain4jTracker.CHAT, state, null, response("m", 1, 1, null), null);
    assertEquals("_OTHER", onlySpan().attribute("gen_ai.provider.name"));
  }

  @Test
  void nothingOfTheLibraryFailsTheTracker() {
    Object state = tracker.enter(LangChain4jTracker.CHAT, new Object(), new Object(), null);
    tracker.exit(LangChain4jTracker.CHAT, state, null, new Object(), null);
    assertNull(tracker.exit(LangChain4jTracker.HANDLER, null, null, null, null));
    tracker.exit(LangChain4jTracker.CANCEL, null, null, null, null);
    tracker.exit(LangChain4jTracker.CHAT, "not a state", null, null, null);
    assertEquals(1, exported.size());
    Double failures = metrics.registry().getSampleValue("lantern_instrumentation_errors_total",
        new String[] {"instrumentation"}, new String[] {"langchain4j"});
    assertTrue(failures == null || failures == 0.0, "reported " + failures);
  }

  @Test
  void withCaptureOnTheMessagesAndTheAnswerAreInTheEvent(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.log");
    EventLog events = EventLog.start(EventLogSettings.builder().target(EventLogTarget.FILE).file(file.toString()).build());
    LangChain4jTracker capturing = new LangChain4jTracker(new GenAiRecorder(new GenAiMetrics(new LanternMetrics(100)), new Tracing(1.0), events, new InstrumentationErrors(new LanternMetrics(100), EventLog.noop()), GenAiPrices.none(), true, 1000), errors);
    Handler app = new Handler();
    Object state = capturing.enter(LangChain4jTracker.STREAM_CHAT, new Model(), request("gpt-4o"), null);
    StreamingChatResponseHandler given = (StreamingChatResponseHandler) capturing.exit(LangChain4jTracker.HANDLER, state, null, app, null);
    capturing.exit(LangChain4jTracker.STREAM_CHAT, state, null, null, null);
    given.onPartialResponse("secret ");
    given.onCompleteResponse(response("gpt-4o-1", 1, 2, FinishReason.STOP));
    events.close();
    String line = Files.readAllLines(file).stream().filter(l -> l.contains("\"gen_ai_call\"")).findFirst().orElseThrow();
    assertTrue(line.contains("\"gen_ai_input_messages\":\"[UserMessage { name = null, contents = [TextContent { text = \\\"secret prompt\\\" }]"), line);
    assertTrue(line.contains("\"gen_ai_output_messages\":\"secret answer\""), line);
  }

  /** Everything the module reads of LangChain4j, against the version it is tested with: a rename fails here, naming it. */
  @Test
  void everyTypeAndAccessorTheModuleReadsIsInLangChain4j() {
    assertEquals(List.of(), LangChain4jModels.API.missing(getClass().getClassLoader()), "missing from langchain4j-core");
    assertFalse(LangChain4jModels.API.accessors().isEmpty());
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
