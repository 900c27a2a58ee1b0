package io.lantern.instrumentation.awsbedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiTestLog;
import io.lantern.agent.genai.GenAiTracker.Style;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStart;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockStart;

/** Reading real Bedrock Runtime SDK 2.x model objects, and the hooks and stream handler over them. */
class BedrockRuntimeModelsTest {
  @RegisterExtension final GenAiTestLog log = new GenAiTestLog();

  private GenAiCall call() {
    return log.call("chat", "aws.bedrock", "amazon.nova-lite-v1:0");
  }

  static TokenUsage usage(int input, int output, Integer cacheRead, Integer cacheWrite) {
    return TokenUsage.builder().inputTokens(input).outputTokens(output).cacheReadInputTokens(cacheRead)
        .cacheWriteInputTokens(cacheWrite).totalTokens(input + output).build();
  }

  @Test
  void converseUsageCountsTheCacheTokensIntoTheInputAndToolUses() throws Exception {
    GenAiCall call = call();
    BedrockRuntimeModels.readConverse(call, ConverseResponse.builder().usage(usage(4, 143, 0, 1440)).stopReason("tool_use")
        .output(ConverseOutput.fromMessage(Message.builder().role("assistant").content(ContentBlock.fromText("x"),
            ContentBlock.fromToolUse(ToolUseBlock.builder().name("weather").toolUseId("t1").build())).build()))
        .build());
    JsonNode event = log.end(call);
    assertEquals(4 + 1440, event.get("gen_ai_usage_input_tokens").asLong(), event.toString());
    assertEquals(143, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals(0, event.get("gen_ai_usage_cache_read_input_tokens").asLong());
    assertEquals(1440, event.get("gen_ai_usage_cache_write_input_tokens").asLong());
    assertEquals("[\"tool_use\"]", event.get("gen_ai_response_finish_reasons").toString());
    assertEquals(1, event.get("gen_ai_response_tool_calls").asInt());

    GenAiCall plain = call();
    BedrockRuntimeModels.readConverse(plain, ConverseResponse.builder().usage(usage(7, 9, null, null)).stopReason("end_turn").build());
    JsonNode noCache = log.end(plain);
    assertEquals(7, noCache.get("gen_ai_usage_input_tokens").asLong());
    assertNull(noCache.get("gen_ai_usage_cache_read_input_tokens"), "not reported: left out");
    assertNull(noCache.get("gen_ai_usage_cache_write_input_tokens"));
    assertNull(noCache.get("gen_ai_response_tool_calls"));
  }

  @Test
  void withCaptureOnThePromptIsTheSystemThenTheMessagesAndTheAnswerItsTextOrDeltas() throws Exception {
    ConverseRequest request = ConverseRequest.builder().modelId("m")
        .system(SystemContentBlock.fromText("be brief"))
        .messages(Message.builder().role("user").content(ContentBlock.fromText("tell me"), ContentBlock.fromText(" more")).build(),
            Message.builder().role("assistant").content(ContentBlock.fromText("ok")).build())
        .build();
    assertEquals("be brief\ntell me more\nok", BedrockRuntimeModels.inputText(request));
    assertEquals("", BedrockRuntimeModels.inputText(ConverseRequest.builder().modelId("m").build()));
    GenAiCall call = log.capture(true).call("chat", "aws.bedrock", "m");
    BedrockRuntimeModels.readConverse(call, ConverseResponse.builder().output(ConverseOutput.fromMessage(
        Message.builder().role("assistant").content(ContentBlock.fromText("Hi "), ContentBlock.fromText("there")).build())).build());
    assertEquals("Hi there", log.end(call).get("gen_ai_output_messages").asText());
    GenAiCall stream = log.call("chat", "aws.bedrock", "m");
    for (String piece : List.of("Hel", "lo")) {
      BedrockRuntimeModels.readConverseEvent(stream, ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
          .delta(ContentBlockDelta.fromText(piece)).build());
    }
    assertEquals("Hello", log.end(stream).get("gen_ai_output_messages").asText());
  }

  @Test
  void invokeModelTokensComeFromTheResponseHeaders() throws Exception {
    GenAiCall call = call();
    InvokeModelResponse response = (InvokeModelResponse) InvokeModelResponse.builder().body(SdkBytes.fromUtf8String("{}"))
        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(200).putHeader("x-amzn-bedrock-input-token-count", "11")
            .putHeader("X-Amzn-Bedrock-Output-Token-Count", "22").putHeader("Authorization", "never read").build())
        .build();
    BedrockRuntimeModels.readInvoke(call, response);
    JsonNode event = log.end(call);
    assertEquals(11, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(22, event.get("gen_ai_usage_output_tokens").asLong());
  }

  @Test
  void streamEventsGiveUsageStopReasonAndInvocationMetrics() throws Exception {
    GenAiCall call = call();
    BedrockRuntimeModels.readConverseEvent(call, ContentBlockDeltaEvent.builder().contentBlockIndex(0).build());
    BedrockRuntimeModels.readConverseEvent(call, MessageStopEvent.builder().stopReason("max_tokens").build());
    BedrockRuntimeModels.readConverseEvent(call, ConverseStreamMetadataEvent.builder().usage(usage(5, 6, 2, null)).build());
    JsonNode event = log.end(call);
    assertEquals(7, event.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(6, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals(2, event.get("gen_ai_usage_cache_read_input_tokens").asLong());
    assertEquals("[\"max_tokens\"]", event.get("gen_ai_response_finish_reasons").toString());

    GenAiCall invoke = call();
    BedrockRuntimeModels.readInvokeChunk(invoke, chunk("{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"inputTokenCount\"}}"));
    BedrockRuntimeModels.readInvokeChunk(invoke, chunk("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":"
        + "{\"inputTokenCount\": 31,\"outputTokenCount\":42,\"invocationLatency\":9,\"firstByteLatency\":3}}"));
    JsonNode invoked = log.end(invoke);
    assertEquals(31, invoked.get("gen_ai_usage_input_tokens").asLong());
    assertEquals(42, invoked.get("gen_ai_usage_output_tokens").asLong());
  }

  static PayloadPart chunk(String json) {
    return PayloadPart.builder().bytes(SdkBytes.fromString(json, StandardCharsets.UTF_8)).build();
  }

  @Test
  void anArnLabelsItsResourceOnlyNeverTheAccount() {
    assertEquals("amazon.nova-lite-v1:0", BedrockRuntimeModels.modelOf(ConverseRequest.builder().modelId("amazon.nova-lite-v1:0").build()));
    assertEquals("inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0", BedrockRuntimeModels.modelOf(
        InvokeModelRequest.builder().modelId("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0").build()));
    assertNull(BedrockRuntimeModels.modelOf(ConverseRequest.builder().modelId("arn:broken").build()));
    assertNull(BedrockRuntimeModels.modelOf(null));
  }

  @Test
  void everyTypeAndAccessorTheModuleReadsIsInTheSdk() {
    assertEquals(List.of(), BedrockRuntimeModels.API.missing(getClass().getClassLoader()), "missing from bedrockruntime");
    assertTrue(!BedrockRuntimeModels.API.accessors().isEmpty());
  }

  @Test
  void theHooksMeasureBlockingAndAsyncCalls() throws Exception {
    BedrockRuntimeTracker tracker = new BedrockRuntimeTracker(log.recorder(), log.errors());
    Object state = tracker.enter(BedrockRuntimeTracker.CALL, null, ConverseRequest.builder().modelId("m-sync").build(),
        BedrockRuntimeTracker.SYNC_CLIENT + ".converse");
    ConverseResponse response = ConverseResponse.builder().usage(usage(1, 2, null, null)).stopReason("end_turn").build();
    assertSame(response, tracker.exit(BedrockRuntimeTracker.CALL, state, null, response, null));
    JsonNode event = log.nextCall();
    assertEquals("aws.bedrock", event.get("gen_ai_provider_name").asText());
    assertEquals("chat", event.get("gen_ai_operation_name").asText());
    assertEquals("m-sync", event.get("gen_ai_request_model").asText());
    assertEquals("m-sync", event.get("gen_ai_response_model").asText(), "Bedrock echoes no model: the one requested");
    assertEquals(3, event.get("gen_ai_usage_input_tokens").asLong() + event.get("gen_ai_usage_output_tokens").asLong());

    CompletableFuture<InvokeModelResponse> future = new CompletableFuture<>();
    Object async = tracker.enter(BedrockRuntimeTracker.CALL, null, InvokeModelRequest.builder().modelId("m-async").build(),
        BedrockRuntimeTracker.ASYNC_CLIENT + ".invokeModel");
    tracker.exit(BedrockRuntimeTracker.CALL, async, null, future, null);
    ThrottlingException throttled = ThrottlingException.builder().message("slow down").build();
    future.completeExceptionally(new CompletionException(throttled));
    JsonNode failed = log.nextCall();
    assertEquals(ThrottlingException.class.getName(), failed.get("error_type").asText(), failed.toString());
    assertTrue(failed.get("gen_ai_response_model").isNull(), "no response: no response model");

    assertNull(tracker.enter(BedrockRuntimeTracker.CALL, null, null, BedrockRuntimeTracker.SYNC_CLIENT + ".countTokens"));
    Object other = new Object();
    assertSame(other, tracker.exit(BedrockRuntimeTracker.HANDLER, null, null, other, null), "no call: the handler as it is");
  }

  @Test
  void methodsAreTold() {
    assertEquals(Style.BLOCKING, BedrockRuntimeTracker.styleOf(BedrockRuntimeTracker.SYNC_CLIENT + ".invokeModel"));
    assertEquals(Style.ASYNC, BedrockRuntimeTracker.styleOf(BedrockRuntimeTracker.ASYNC_CLIENT + ".converseStream"));
    assertEquals(BedrockRuntimeTracker.Kind.INVOKE_STREAM, BedrockRuntimeTracker.Kind.of(BedrockRuntimeTracker.ASYNC_CLIENT + ".invokeModelWithResponseStream"));
    assertNull(BedrockRuntimeTracker.Kind.of(BedrockRuntimeTracker.ASYNC_CLIENT + ".applyGuardrail"));
    assertEquals(BedrockRuntimeTracker.Kind.CONVERSE, BedrockRuntimeTracker.Kind.of(BedrockRuntimeTracker.SYNC_CLIENT + ".converse"));
    assertEquals(BedrockRuntimeTracker.Kind.CONVERSE_STREAM, BedrockRuntimeTracker.Kind.of(BedrockRuntimeTracker.ASYNC_CLIENT + ".converseStream"));
    assertEquals(BedrockRuntimeTracker.Kind.INVOKE, BedrockRuntimeTracker.Kind.of(BedrockRuntimeTracker.ASYNC_CLIENT + ".invokeModel"));
    assertNull(BedrockRuntimeTracker.Kind.of(BedrockRuntimeTracker.ASYNC_CLIENT + ".reconverse"));
    assertNull(BedrockRuntimeTracker.Kind.of(null));
  }

  /** A publisher of fixed events, on request, as the SDK's event stream hands them out. */
  static SdkPublisher<ConverseStreamOutput> events(List<ConverseStreamOutput> events) {
    return SdkPublisher.adapt((Subscriber<? super ConverseStreamOutput> subscriber) -> subscriber.onSubscribe(new Subscription() {
      int next;
      boolean done;

      @Override
      public void request(long n) {
        for (long i = 0; i < n && next < events.size(); i++) {
          subscriber.onNext(events.get(next++));
        }
        if (next == events.size() && !done) {
          done = true;
          subscriber.onComplete();
        }
      }

      @Override
      public void cancel() {
        done = true;
      }
    }));
  }

  @Test
  void theStreamHandlerReadsEveryEventOnItsWayToTheApplicationsHandler() throws Exception {
    BedrockRuntimeTracker tracker = new BedrockRuntimeTracker(log.recorder(), log.errors());
    List<String> seen = new ArrayList<>();
    AtomicInteger completed = new AtomicInteger();
    ConverseStreamResponseHandler application = ConverseStreamResponseHandler.builder()
        .subscriber(ConverseStreamResponseHandler.Visitor.builder()
            .onContentBlockDelta(e -> seen.add("delta")).onMessageStop(e -> seen.add("stop:" + e.stopReasonAsString()))
            .onMetadata(e -> seen.add("metadata")).build())
        .onComplete(completed::incrementAndGet).build();
    Object state = tracker.enter(BedrockRuntimeTracker.CALL, null, ConverseStreamRequest.builder().modelId("m-stream").build(),
        BedrockRuntimeTracker.ASYNC_CLIENT + ".converseStream");
    Object given = tracker.exit(BedrockRuntimeTracker.HANDLER, state, null, application, null);
    assertTrue(given instanceof ConverseStreamResponseHandler && given != application, "a proxy of the handler interface");
    CompletableFuture<Void> future = new CompletableFuture<>();
    tracker.exit(BedrockRuntimeTracker.CALL, state, null, future, null);
    ConverseStreamResponseHandler sdkSide = (ConverseStreamResponseHandler) given;
    // the SDK's own event classes (the builders of ConverseStreamOutput), which dispatch to a visitor
    ContentBlockStart toolUse = ContentBlockStart.fromToolUse(ToolUseBlockStart.builder().toolUseId("t1").name("weather").build());
    sdkSide.onEventStream(events(List.of(ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0).build(),
        ConverseStreamOutput.contentBlockStartBuilder().contentBlockIndex(1).start(toolUse).build(),
        ConverseStreamOutput.contentBlockStartBuilder().contentBlockIndex(2).start(toolUse).build(),
        ConverseStreamOutput.messageStopBuilder().stopReason("end_turn").build(),
        ConverseStreamOutput.metadataBuilder().usage(usage(3, 4, null, null)).build())));
    sdkSide.complete();
    future.complete(null);
    assertEquals(List.of("delta", "stop:end_turn", "metadata"), seen, "every event, in order, to the application's visitor");
    assertEquals(1, completed.get());
    JsonNode event = log.nextCall();
    assertEquals(3, event.get("gen_ai_usage_input_tokens").asLong(), event.toString());
    assertEquals(4, event.get("gen_ai_usage_output_tokens").asLong());
    assertEquals("m-stream", event.get("gen_ai_response_model").asText());
    assertTrue(event.hasNonNull("time_to_first_chunk_ms"), event.toString());
    assertEquals("[\"end_turn\"]", event.get("gen_ai_response_finish_reasons").toString());
    assertEquals(2, event.get("gen_ai_response_tool_calls").asInt(), "two tool-use block starts");
  }
}
