package io.lantern.testapps.grpc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Server B and client A of one gRPC service, {@code lantern.test.Echo}, in one JVM: B on
 * grpc-netty-shaded (TCP, port 0) and in-process, A a channel to each. {@code MethodDescriptor}s
 * with a string marshaller, no protoc. A JDK HTTP server drives A: {@code GET /rpc/<scenario>}
 * (optionally {@code ?inprocess}) makes the calls and answers the status(es) A saw.
 *
 * <p>B's methods: {@code Unary} (an H2 SELECT, 50 ms), {@code ServerStream} (5 messages, 10 ms
 * apart), {@code ClientStream} (answers the count), {@code Bidi} (echoes each), {@code NotFound}
 * ({@code onError(NOT_FOUND)}), {@code Throws} (an {@code IllegalStateException}), {@code Slow}
 * (600 ms, then answers unless cancelled), {@code Handoff} (the SELECT on an executor thread),
 * {@code Ping}. Prints {@code LISTENING <http port>}.
 */
public final class GrpcApp {
  static final String SERVICE = "lantern.test.Echo";
  static final MethodDescriptor.Marshaller<String> STRING = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static final MethodDescriptor<String, String> UNARY = method("Unary", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<String, String> SERVER_STREAM = method("ServerStream", MethodDescriptor.MethodType.SERVER_STREAMING);
  static final MethodDescriptor<String, String> CLIENT_STREAM = method("ClientStream", MethodDescriptor.MethodType.CLIENT_STREAMING);
  static final MethodDescriptor<String, String> BIDI = method("Bidi", MethodDescriptor.MethodType.BIDI_STREAMING);
  static final MethodDescriptor<String, String> NOT_FOUND = method("NotFound", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<String, String> THROWS = method("Throws", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<String, String> SLOW = method("Slow", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<String, String> HANDOFF = method("Handoff", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<String, String> PING = method("Ping", MethodDescriptor.MethodType.UNARY);
  /** Not served by B: grpc answers UNIMPLEMENTED. */
  static final MethodDescriptor<String, String> MISSING = method("Missing", MethodDescriptor.MethodType.UNARY);

  private static final String DB_URL = "jdbc:h2:mem:grpc;DB_CLOSE_DELAY=-1";
  private static final ExecutorService HANDOFF_POOL = Executors.newFixedThreadPool(2);

  private GrpcApp() {}

  static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(STRING)
        .setResponseMarshaller(STRING)
        .build();
  }

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(DB_URL)) {
      c.createStatement().execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50))");
      c.createStatement().execute("INSERT INTO users VALUES (1, 'ada')");
    }
    Server tcp = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(service()).build().start();
    Server inProcess = InProcessServerBuilder.forName("b").addService(service()).build().start();
    ManagedChannel tcpChannel = Grpc.newChannelBuilderForAddress("localhost", tcp.getPort(), InsecureChannelCredentials.create())
        .build();
    ManagedChannel inProcessChannel = InProcessChannelBuilder.forName("b").build();

    HttpServer http = HttpServer.create(new InetSocketAddress(Integer.getInteger("app.port", 8080)), 64);
    http.createContext("/rpc/", ex -> {
      String scenario = ex.getRequestURI().getPath().substring("/rpc/".length());
      boolean useInProcess = "inprocess".equals(ex.getRequestURI().getQuery());
      String answer;
      try {
        answer = run(scenario, useInProcess ? inProcessChannel : tcpChannel);
      } catch (Throwable t) {
        answer = "ERROR " + t;
      }
      send(ex, answer);
    });
    http.setExecutor(Executors.newFixedThreadPool(4));
    http.start();
    System.out.println("LISTENING " + http.getAddress().getPort());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      tcpChannel.shutdownNow();
      inProcessChannel.shutdownNow();
      tcp.shutdownNow();
      inProcess.shutdownNow();
    }));
  }

  // ---------------------------------------------------------------- client A

  static String run(String scenario, ManagedChannel channel) throws Exception {
    switch (scenario) {
      case "unary": {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER), "acme");
        headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), "req-1");
        return ClientCalls.blockingUnaryCall(
            io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
            UNARY, CallOptions.DEFAULT, "1");
      }
      case "stream": {
        Iterator<String> it = ClientCalls.blockingServerStreamingCall(channel, SERVER_STREAM, CallOptions.DEFAULT, "go");
        List<String> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return String.join(",", all);
      }
      case "clientstream":
        return streamIn(channel.newCall(CLIENT_STREAM, CallOptions.DEFAULT), 3, true);
      case "bidi":
        return streamIn(channel.newCall(BIDI, CallOptions.DEFAULT), 3, false);
      case "notfound":
        return status(() -> ClientCalls.blockingUnaryCall(channel, NOT_FOUND, CallOptions.DEFAULT, "x"));
      case "throws":
        return status(() -> ClientCalls.blockingUnaryCall(channel, THROWS, CallOptions.DEFAULT, "x"));
      case "deadline":
        return status(() -> ClientCalls.blockingUnaryCall(channel, SLOW,
            CallOptions.DEFAULT.withDeadlineAfter(200, TimeUnit.MILLISECONDS), "x"));
      case "cancel":
        return cancel(channel);
      case "unknown":
        return status(() -> ClientCalls.blockingUnaryCall(channel, MISSING, CallOptions.DEFAULT, "x"));
      case "handoff":
        return ClientCalls.blockingUnaryCall(channel, HANDOFF, CallOptions.DEFAULT, "1");
      case "load":
        return load(channel, 8, 250);
      default:
        return "unknown scenario " + scenario;
    }
  }

  interface Rpc {
    String call();
  }

  static String status(Rpc rpc) {
    try {
      return "OK " + rpc.call();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode().name();
    }
  }

  /** Sends {@code count} messages, half-closes, and collects the answers until onClose. */
  static String streamIn(ClientCall<String, String> call, int count, boolean oneAnswer) throws Exception {
    List<String> answers = new ArrayList<>();
    AtomicReference<Status> closed = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    StreamObserver<String> out = io.grpc.stub.ClientCalls.asyncBidiStreamingCall(call, new StreamObserver<>() {
      @Override
      public void onNext(String value) {
        synchronized (answers) {
          answers.add(value);
        }
      }

      @Override
      public void onError(Throwable t) {
        closed.set(Status.fromThrowable(t));
        done.countDown();
      }

      @Override
      public void onCompleted() {
        closed.set(Status.OK);
        done.countDown();
      }
    });
    for (int i = 0; i < count; i++) {
      out.onNext("m" + i);
      Thread.sleep(20);
    }
    out.onCompleted();
    done.await(10, TimeUnit.SECONDS);
    synchronized (answers) {
      return closed.get().getCode() + " " + String.join(",", answers);
    }
  }

  /** Starts a Slow call, cancels it after 200 ms, waits for its onClose. */
  static String cancel(ManagedChannel channel) throws Exception {
    ClientCall<String, String> call = channel.newCall(SLOW, CallOptions.DEFAULT);
    AtomicReference<Status> closed = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.set(status);
        done.countDown();
      }
    }, new Metadata());
    call.sendMessage("x");
    call.halfClose();
    call.request(1);
    Thread.sleep(200);
    call.cancel("the client gave up", null);
    done.await(10, TimeUnit.SECONDS);
    return closed.get().getCode().name();
  }

  static String load(ManagedChannel channel, int threads, int calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(pool.submit(() -> {
        int ok = 0;
        for (int i = 0; i < calls; i++) {
          if ("pong".equals(ClientCalls.blockingUnaryCall(channel, PING, CallOptions.DEFAULT, "ping"))) {
            ok++;
          }
        }
        return ok;
      }));
    }
    int ok = 0;
    for (Future<Integer> f : results) {
      ok += f.get();
    }
    pool.shutdown();
    return "OK " + ok;
  }

  // ---------------------------------------------------------------- server B

  static ServerServiceDefinition service() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(UNARY, ServerCalls.asyncUnaryCall((req, obs) -> {
          String name = userName(Integer.parseInt(req));
          sleep(50);
          obs.onNext("hello " + name);
          obs.onCompleted();
        }))
        .addMethod(SERVER_STREAM, ServerCalls.asyncServerStreamingCall((req, obs) -> {
          for (int i = 0; i < 5; i++) {
            sleep(10);
            obs.onNext("s" + i);
          }
          obs.onCompleted();
        }))
        .addMethod(CLIENT_STREAM, ServerCalls.asyncClientStreamingCall(obs -> new StreamObserver<String>() {
          int count;

          @Override
          public void onNext(String value) {
            count++;
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            obs.onNext("count " + count);
            obs.onCompleted();
          }
        }))
        .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(obs -> new StreamObserver<String>() {
          @Override
          public void onNext(String value) {
            obs.onNext("echo " + value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            obs.onCompleted();
          }
        }))
        .addMethod(NOT_FOUND, ServerCalls.asyncUnaryCall((req, obs) ->
            obs.onError(Status.NOT_FOUND.withDescription("no such thing").asRuntimeException())))
        .addMethod(THROWS, ServerCalls.asyncUnaryCall((req, obs) -> {
          throw new IllegalStateException("handler bug");
        }))
        .addMethod(SLOW, ServerCalls.asyncUnaryCall((req, obs) -> {
          sleep(600);
          if (!((ServerCallStreamObserver<String>) obs).isCancelled()) {
            obs.onNext("late");
            obs.onCompleted();
          }
        }))
        .addMethod(HANDOFF, ServerCalls.asyncUnaryCall((req, obs) -> HANDOFF_POOL.execute(() -> {
          obs.onNext("hello " + userName(Integer.parseInt(req)));
          obs.onCompleted();
        })))
        .addMethod(PING, ServerCalls.asyncUnaryCall((req, obs) -> {
          obs.onNext("pong");
          obs.onCompleted();
        }))
        .build();
  }

  static String userName(int id) {
    try (Connection c = DriverManager.getConnection(DB_URL);
        PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "nobody";
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void send(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
