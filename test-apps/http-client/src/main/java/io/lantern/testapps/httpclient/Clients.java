package io.lantern.testapps.httpclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One GET (or POST) through each client, the way an application would write it. Each method
 * returns what the client answered or throws what the client threw (for async clients, the cause
 * {@code get()} reports).
 */
final class Clients {
  static final List<String> NAMES =
      List.of("jdk", "jdk-async", "jdk-async-cancel", "urlconnection", "urlconnection-post", "okhttp", "okhttp-async", "apache5", "layered");

  record Result(int status, String body) {}

  private final HttpClient jdk = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final OkHttpClient okhttp = new OkHttpClient.Builder()
      .connectTimeout(5, TimeUnit.SECONDS)
      .build();
  /** OkHttp in front, HttpURLConnection doing the work: one client layered on another. */
  private final OkHttpClient layered = okhttp.newBuilder()
      .addInterceptor(chain -> {
        // Like a library bridging the two: the request goes out through HttpURLConnection without
        // copying OkHttp's headers.
        Result result = urlConnection(chain.request().url().toString(), false);
        return new Response.Builder()
            .request(chain.request())
            .protocol(Protocol.HTTP_1_1)
            .code(result.status())
            .message("bridged")
            .body(ResponseBody.create(result.body().getBytes(StandardCharsets.UTF_8), MediaType.get("text/plain")))
            .build();
      })
      .build();
  private final CloseableHttpClient apache = HttpClients.createDefault();

  Result get(String client, String target) throws Exception {
    switch (client) {
      case "jdk":
        return jdk(target);
      case "jdk-async":
        return jdkAsync(target);
      case "jdk-async-cancel":
        return jdkAsyncCancelled(target);
      case "urlconnection":
        return urlConnection(target, false);
      case "urlconnection-post":
        return urlConnection(target, true);
      case "okhttp":
        return okhttp(okhttp, target);
      case "okhttp-async":
        return okhttpAsync(target);
      case "apache5":
        return apache(target);
      case "layered":
        return okhttp(layered, target);
      default:
        throw new IllegalArgumentException("unknown client " + client + "; known: " + NAMES);
    }
  }

  private Result jdk(String target) throws IOException, InterruptedException {
    HttpResponse<String> response = jdk.send(HttpRequest.newBuilder(URI.create(target)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Result(response.statusCode(), response.body());
  }

  private Result jdkAsync(String target) throws Exception {
    CompletableFuture<HttpResponse<String>> future =
        jdk.sendAsync(HttpRequest.newBuilder(URI.create(target)).GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response = await(future);
    return new Result(response.statusCode(), response.body());
  }

  /** Gives up on the call at once: {@code get()} throws the future's CancellationException. */
  private Result jdkAsyncCancelled(String target) throws Exception {
    CompletableFuture<HttpResponse<String>> future =
        jdk.sendAsync(HttpRequest.newBuilder(URI.create(target)).GET().build(), HttpResponse.BodyHandlers.ofString());
    future.cancel(true);
    HttpResponse<String> response = await(future);
    return new Result(response.statusCode(), response.body());
  }

  /** {@code getResponseCode()} first, then the body stream: the common way, one request. */
  private static Result urlConnection(String target, boolean post) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(target).openConnection();
    connection.setConnectTimeout(5000);
    connection.setReadTimeout(30000);
    if (post) {
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "text/plain");
      try (OutputStream out = connection.getOutputStream()) {
        out.write("ping".getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = connection.getResponseCode();
    InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    try (InputStream in = body) {
      return new Result(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static Result okhttp(OkHttpClient client, String target) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(target).build()).execute()) {
      return new Result(response.code(), response.body().string());
    }
  }

  private Result okhttpAsync(String target) throws Exception {
    CompletableFuture<Result> future = new CompletableFuture<>();
    okhttp.newCall(new Request.Builder().url(target).build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        future.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (Response r = response) {
          future.complete(new Result(r.code(), r.body().string()));
        } catch (IOException e) {
          future.completeExceptionally(e);
        }
      }
    });
    return await(future);
  }

  private Result apache(String target) throws IOException {
    return apache.execute(new HttpGet(target),
        response -> new Result(response.getCode(), EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }
}
