package io.lantern.agent.genai;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.util.Getters;
import io.lantern.agent.util.PrivateFields;
import io.lantern.bootstrap.Hooks;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The hook handler of every Stainless SDK's module ({@link StainlessSdk}), behind one hook shape,
 * {@link StainlessAdvice}'s. A service method's entry starts a call ({@code chat}, nested in an
 * outer AI call when there is one: Spring AI, LangChain4j) with what the module reads of the params
 * ({@link StainlessSdk.Requests}); its exit reads what the method returned ({@link
 * GenAiTracker#returned}): a blocking response is read, an async call ends when its future
 * completes, a {@code StreamResponse} is measured until the chunk stream it hands out ends or it is
 * closed, and an {@code AsyncStreamResponse} through the handler subscribed to it, until it
 * completes (or its completion future does, for one never subscribed) or it is closed. The request
 * object is only read.
 */
public final class StainlessTracker extends GenAiTracker implements Hooks.Handler {
  /**
   * Entry and exit of a service's {@code create(params, requestOptions)} / {@code
   * createStreaming(...)}: at entry, argument the params and detail the origin ({@code <declaring
   * type>.<method>}, a constant of each woven method); at exit, returned what it returned.
   */
  public static final int SERVICE = 0;
  /** Exit of {@code StreamResponse.stream()}: self the stream response, returned the stream; returns the stream to hand out. */
  public static final int STREAM = 1;
  /** Exit of {@code close()} of a {@code StreamResponse} or {@code AsyncStreamResponse}: self the response. */
  public static final int CLOSE = 2;
  /**
   * Entry of {@code AsyncStreamResponse.subscribe(handler[, executor])}, through {@link #exit}:
   * self the response, returned the handler; returns the handler to subscribe.
   */
  public static final int SUBSCRIBE = 3;
  /**
   * Exit of {@code RetryingHttpClient.execute(request, options)} / {@code executeAsync(...)}:
   * returned the final response, or its future.
   */
  public static final int EXCHANGE = 4;
  /**
   * Entry of {@code RetryingHttpClient.getRetryBackoffDuration(retry, response)}: argument the
   * response retried (null after an I/O failure), detail the retry's number (an Integer from 1).
   */
  public static final int RETRY = 5;

  /** One woven service method: what it returns, and how that reads. */
  public static final class Method {
    final StainlessSdk.Service service;
    final boolean streaming;
    final Style style;
    final GenAiStreams.ChunkReader reader;

    Method(StainlessSdk.Service service, boolean streaming) {
      this.service = service;
      this.streaming = streaming;
      this.style = streaming ? Style.STREAMING : service.async ? Style.ASYNC : Style.BLOCKING;
      this.reader = streaming ? service.chunk : service.response;
    }

    public StainlessSdk.Service service() {
      return service;
    }

    /** {@link Style#STREAMING} for {@code createStreaming} (a stream response, blocking or async), else the service's. */
    public Style style() {
      return style;
    }
  }

  private final StainlessSdk sdk;
  private final GenAiRecorder recorder;
  private final GenAiHosts hosts;
  /** Rate-limit gauges and the retries counter; null: not recorded (only the event's retry count). */
  private final GenAiRateLimits rateLimits;
  /** A service's {@code clientOptions} field (a Stainless service has it, private, and no public getter). */
  private static final PrivateFields CLIENT_OPTIONS = new PrivateFields("clientOptions");
  /** The client options' {@code backend} field (anthropic-java). */
  private static final PrivateFields BACKEND = new PrivateFields("backend");
  /** By origin, {@code <service class>.create} / {@code .createStreaming}. */
  private final Map<String, Method> methods = new HashMap<>();
  /** The SDK's handler interface as each async stream response's loader sees it (empty: not visible). */
  private final ClassValue<Optional<Class<?>>> handlerTypes = new ClassValue<Optional<Class<?>>>() {
    @Override
    protected Optional<Class<?>> computeValue(Class<?> asyncStreamResponseClass) {
      try {
        return Optional.of(Class.forName(sdk.handler, false, asyncStreamResponseClass.getClassLoader()));
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        return Optional.empty();
      }
    }
  };

  public StainlessTracker(StainlessSdk sdk, GenAiRecorder recorder, InstrumentationErrors errors) {
    this(sdk, recorder, GenAiHosts.NONE, errors);
  }

  /** @param hosts {@code lantern.gen-ai.provider-hosts} over the built-in host table */
  public StainlessTracker(StainlessSdk sdk, GenAiRecorder recorder, GenAiHosts hosts, InstrumentationErrors errors) {
    this(sdk, recorder, hosts, null, errors);
  }

  /** @param rateLimits where rate-limit headers and retries are counted, or null */
  public StainlessTracker(StainlessSdk sdk, GenAiRecorder recorder, GenAiHosts hosts, GenAiRateLimits rateLimits,
      InstrumentationErrors errors) {
    super(errors, sdk.instrumentation);
    this.sdk = sdk;
    this.recorder = recorder;
    this.hosts = hosts;
    this.rateLimits = rateLimits;
    for (StainlessSdk.Service service : sdk.services) {
      methods.put(service.className + ".create", new Method(service, false));
      methods.put(service.className + ".createStreaming", new Method(service, true));
    }
  }

  /** The service method of an origin ({@code <declaring type>.<method>}), or null for one not measured. */
  public Method method(String origin) {
    return origin == null ? null : methods.get(origin);
  }

  /**
   * The provider of a service's calls: its client's base URL host ({@link GenAiHosts}; a non-default
   * backend's own base URL first), else the SDK's provider.
   */
  public String provider(Object service) {
    try {
      Object options = CLIENT_OPTIONS.read(service);
      if (options == null) {
        return sdk.provider;
      }
      if (sdk.backendBaseUrl != null) {
        Object backend = BACKEND.read(options);
        if (backend != null && !backend.getClass().getName().equals(sdk.defaultBackend)) {
          String fromClass = GenAiProviders.fromClassName(backend.getClass().getName());
          return hosts.provider(Getters.string(backend, sdk.backendBaseUrl), fromClass != null ? fromClass : sdk.provider);
        }
      }
      return hosts.provider(Getters.string(options, sdk.baseUrl), sdk.provider);
    } catch (RuntimeException e) {
      return sdk.provider;
    }
  }

  private Pending start(Object service, Object params, String origin) {
    Method method = method(origin);
    if (method == null) {
      return null;
    }
    GenAiCall call = recorder.start(method.service.operation, provider(service), sdk.requests.model(params, method.service),
        method.streaming);
    sdk.requests.started(call, params, method.service, method.streaming);
    call.retriesCounted();
    if (recorder.captureContent()) {
      call.inputContent(sdk.requests.prompt(params, method.service));
    }
    return pending(call, method.style, method.reader);
  }

  @Override
  public Object enter(int site, Object self, Object argument, Object detail) {
    if (site == RETRY) {
      retry(argument, detail);
      return null;
    }
    if (site != SERVICE) {
      return null;
    }
    try {
      return start(self, argument, (String) detail);
    } catch (Throwable t) {
      errors.report(instrumentation, t);
      return null;
    }
  }

  @Override
  public Object exit(int site, Object state, Object self, Object returned, Throwable thrown) {
    switch (site) {
      case SERVICE:
        if (state != null) {
          exit(state, returned, thrown);
        }
        return returned;
      case STREAM:
        return returned == null ? null : stream(self, returned);
      case CLOSE:
        closed(self);
        return returned;
      case SUBSCRIBE:
        return returned == null ? null : subscribe(self, returned);
      case EXCHANGE:
        exchanged(returned);
        return returned;
      default:
        return returned;
    }
  }

  /**
   * An async stream response's completion future ends its call too: one that fails before, or is
   * closed without, a subscription has no handler to end it. (A blocking {@code StreamResponse} has
   * no such future.)
   */
  @Override
  protected void measuring(GenAiCall call, Object streamResponse) {
    Object done = Getters.get(streamResponse, sdk.onCompleteFuture);
    if (done instanceof CompletableFuture) {
      ((CompletableFuture<?>) done).whenComplete((ignored, failure) -> call.end(failure));
    }
  }

  /**
   * {@code asyncStreamResponse.subscribe(handler, ...)} is called: for a measured one, the handler to
   * subscribe instead, a {@link StreamHandlerProxy} of the SDK's handler interface that reads each
   * chunk and ends the call on {@code onComplete}; else {@code handler} itself (also when it is
   * already such a proxy: the SDK's {@code subscribe} overloads call each other).
   */
  public Object subscribe(Object asyncStreamResponse, Object handler) {
    try {
      Measured measured = StreamHandlerProxy.isProxy(handler) ? null : measured(asyncStreamResponse);
      Class<?> type = measured == null ? null : handlerTypes.get(asyncStreamResponse.getClass()).orElse(null);
      return type == null ? handler : StreamHandlerProxy.wrap(type, handler, measured.call, measured.reader, errors, instrumentation);
    } catch (Throwable t) {
      errors.report(instrumentation, t);
      return handler;
    }
  }

  /**
   * The SDK's retrying client is about to retry, inside the AI call current on this thread (none:
   * not a call Lantern measures, or a thread the call's context did not reach; nothing counted).
   */
  private void retry(Object response, Object retry) {
    try {
      GenAiCall call = GenAiCall.current();
      if (call == null) {
        return;
      }
      if (retry instanceof Integer) {
        call.retried((Integer) retry);
      }
      if (rateLimits != null) {
        String provider = call.providerNow();
        rateLimits.retried(provider);
        rateLimits(provider, response);
      }
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
  }

  /** One call's exchange returned its final response, or the future of it: its rate-limit headers. */
  private void exchanged(Object returned) {
    try {
      GenAiCall call = rateLimits == null || returned == null ? null : GenAiCall.current();
      if (call == null) {
        return;
      }
      String provider = call.providerNow();
      if (returned instanceof CompletableFuture) {
        ((CompletableFuture<?>) returned).whenComplete((response, failure) -> rateLimits(provider, response));
      } else {
        rateLimits(provider, returned);
      }
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
  }

  private void rateLimits(String provider, Object response) {
    try {
      if (response != null) {
        rateLimits.read(provider, Getters.get(response, sdk.responseHeaders), sdk.rateLimitHeaders);
      }
    } catch (Throwable t) {
      errors.report(instrumentation, t);
    }
  }
}
