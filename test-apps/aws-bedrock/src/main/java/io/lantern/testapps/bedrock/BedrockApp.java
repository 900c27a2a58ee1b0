package io.lantern.testapps.bedrock;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * A JDK HttpServer app calling Amazon Bedrock through the real AWS SDK v2 Bedrock Runtime clients,
 * pointed at the fake provider by {@code -Dai.bedrock.endpoint} (static dummy credentials, region
 * us-east-1, SDK retries off except on the {@code retry=true} client), one endpoint per call style:
 * {@code /converse}, {@code /converse-async}, {@code /converse-stream} ({@code ?take=n}: the
 * application's subscriber takes n events and cancels), {@code /invoke}, {@code /invoke-async},
 * {@code /invoke-stream}. An endpoint answers 200 with {@code <model>|<text>}, or 500 with the class
 * name of the exception the SDK threw (unwrapped from the async wrappers). Prints {@code LISTENING
 * <port>} once serving.
 */
public final class BedrockApp {
  private BedrockApp() {}

  interface Endpoint {
    String call(Map<String, String> query) throws Exception;
  }

  static BedrockRuntimeClient sync;
  static BedrockRuntimeClient retrying;
  static BedrockRuntimeAsyncClient async;

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(System.getProperty("ai.bedrock.endpoint", "http://127.0.0.1:9"));
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAFAKEFAKEFAKE", "fake-secret-key"));
    sync = BedrockRuntimeClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    retrying = BedrockRuntimeClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
        .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(2))).build();
    async = BedrockRuntimeAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();

    HttpServer server = HttpServer.create(new InetSocketAddress(Integer.getInteger("app.port", 8080)), 128);
    route(server, "/converse", q -> {
      ConverseResponse response = ("true".equals(q.get("retry")) ? retrying : sync).converse(converse(q));
      return q.get("model") + "|" + response.output().message().content().get(0).text();
    });
    route(server, "/converse-async", q -> {
      ConverseResponse response = async.converse(converse(q)).join();
      return q.get("model") + "|" + response.output().message().content().get(0).text();
    });
    route(server, "/converse-stream", BedrockApp::converseStream);
    route(server, "/invoke", q -> q.get("model") + "|" + text(sync.invokeModel(invoke(q))));
    route(server, "/invoke-async", q -> q.get("model") + "|" + text(async.invokeModel(invoke(q)).join()));
    route(server, "/invoke-stream", BedrockApp::invokeStream);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
  }

  static final SystemContentBlock SYSTEM = SystemContentBlock.fromText("You are a test.");

  static ConverseRequest converse(Map<String, String> q) {
    return ConverseRequest.builder().modelId(q.get("model")).system(SYSTEM).messages(message(q)).build();
  }

  static Message message(Map<String, String> q) {
    return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(q.getOrDefault("prompt", "hi"))).build();
  }

  static InvokeModelRequest invoke(Map<String, String> q) {
    return InvokeModelRequest.builder().modelId(q.get("model")).contentType("application/json").accept("application/json")
        .body(SdkBytes.fromUtf8String(anthropicBody(q))).build();
  }

  static String anthropicBody(Map<String, String> q) {
    return "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\""
        + q.getOrDefault("prompt", "hi").replace("\"", "'") + "\"}]}";
  }

  /** The first {@code "text":"..."} of a model's JSON. */
  static String text(InvokeModelResponse response) {
    String body = response.body().asUtf8String();
    int at = body.indexOf("\"text\":\"");
    return at < 0 ? "" : body.substring(at + 8, body.indexOf('"', at + 8));
  }

  static String converseStream(Map<String, String> q) throws Exception {
    StringBuilder text = new StringBuilder();
    ConverseStreamRequest request = ConverseStreamRequest.builder().modelId(q.get("model")).system(SYSTEM).messages(message(q)).build();
    if (q.containsKey("take")) {
      // the application's own subscriber takes n events, then cancels (SdkPublisher.limit)
      int take = Integer.parseInt(q.get("take"));
      CompletableFuture<Void> taken = new CompletableFuture<>();
      ConverseStreamResponseHandler handler = new ConverseStreamResponseHandler() {
        @Override
        public void responseReceived(ConverseStreamResponse response) {}

        @Override
        public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
          publisher.limit(take).subscribe(event -> text.append(event.sdkEventType()).append(';'))
              .whenComplete((done, failure) -> taken.complete(null));
        }

        @Override
        public void exceptionOccurred(Throwable throwable) {
          taken.completeExceptionally(throwable);
        }

        @Override
        public void complete() {}
      };
      async.converseStream(request, handler);
      taken.get(10, TimeUnit.SECONDS);
      return q.get("model") + "|" + text;
    }
    ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
        .subscriber(ConverseStreamResponseHandler.Visitor.builder().onContentBlockDelta(delta -> text.append(delta.delta().text() == null ? "" : delta.delta().text())).build())
        .build();
    async.converseStream(request, handler).join();
    return q.get("model") + "|" + text;
  }

  static String invokeStream(Map<String, String> q) {
    AtomicInteger chunks = new AtomicInteger();
    InvokeModelWithResponseStreamRequest request = InvokeModelWithResponseStreamRequest.builder().modelId(q.get("model"))
        .contentType("application/json").body(SdkBytes.fromUtf8String(anthropicBody(q))).build();
    InvokeModelWithResponseStreamResponseHandler handler = InvokeModelWithResponseStreamResponseHandler.builder()
        .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder().onChunk(chunk -> chunks.incrementAndGet()).build())
        .build();
    async.invokeModelWithResponseStream(request, handler).join();
    return q.get("model") + "|chunks=" + chunks.get();
  }

  /** One endpoint: 200 with its answer, or 500 with the class name of what the SDK threw. */
  static void route(HttpServer server, String path, Endpoint endpoint) {
    server.createContext(path, exchange -> {
      String raw = exchange.getRequestURI().getRawQuery();
      Map<String, String> query = raw == null ? Map.of() : Arrays.stream(raw.split("&")).map(pair -> pair.split("=", 2))
          .filter(pair -> pair.length == 2).collect(Collectors.toMap(pair -> decode(pair[0]), pair -> decode(pair[1]), (a, b) -> b));
      byte[] body;
      int status = 200;
      try {
        body = endpoint.call(query).getBytes(StandardCharsets.UTF_8);
      } catch (Exception | Error e) {
        status = 500;
        body = unwrap(e).getClass().getName().getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
  }

  static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** The exception out of the async wrappers the app's own join/get added. */
  static Throwable unwrap(Throwable t) {
    return (t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null ? unwrap(t.getCause()) : t;
  }
}
