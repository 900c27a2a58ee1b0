package io.lantern.instrumentation.anthropic;

import io.lantern.agent.InstrumentationErrors;
import io.lantern.agent.Names;
import io.lantern.agent.genai.GenAiCall;
import io.lantern.agent.genai.GenAiRecorder;
import io.lantern.agent.genai.GenAiTracker;
import io.lantern.agent.genai.GenAiTracker.Style;
import io.lantern.agent.genai.GenAiStreams;
import io.lantern.agent.util.Getters;
import io.lantern.bootstrap.anthropic.AnthropicHooks;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * Measures anthropic-java messages calls. A service method's entry starts a {@link GenAiCall}
 * (nested in an outer AI call when there is one); the exit hook ({@link GenAiTracker}'s) reads
 * what the method returned: a {@code Message} is read, an async call ends when its future completes,
 * a {@code StreamResponse} is measured until its event stream ends or it is closed, and an {@code
 * AsyncStreamResponse} until its subscription completes or it is closed. The request object is only
 * read.
 */
final class AnthropicTracker extends GenAiTracker implements AnthropicHooks.Handler {
  static final String INSTRUMENTATION = "anthropic-java";
  static final String MESSAGES_BLOCKING = "com.anthropic.services.blocking.MessageServiceImpl";
  static final String MESSAGES_ASYNC = "com.anthropic.services.async.MessageServiceAsyncImpl";
  static final String BETA_MESSAGES_BLOCKING = "com.anthropic.services.blocking.beta.MessageServiceImpl";
  static final String BETA_MESSAGES_ASYNC = "com.anthropic.services.async.beta.MessageServiceAsyncImpl";
  static final String HANDLER = "com.anthropic.core.http.AsyncStreamResponse$Handler";

  /** Which service method: what it returns, and how to read it. */
  enum Kind {
    CREATE(Style.BLOCKING, AnthropicModels::readMessage),
    CREATE_ASYNC(Style.ASYNC, AnthropicModels::readMessage),
    /** Blocking {@code StreamResponse}, or the async service's {@code AsyncStreamResponse}. */
    CREATE_STREAMING(Style.STREAMING, AnthropicModels::readEvent);

    final Style style;
    final GenAiStreams.ChunkReader reader;

    Kind(Style style, GenAiStreams.ChunkReader reader) {
      this.style = style;
      this.reader = reader;
    }
  }

  /** The SDK's {@code AsyncStreamResponse.Handler} interface, per stream-response class (its loader's copy). */
  private static final ClassValue<Optional<Class<?>>> HANDLER_TYPES = new ClassValue<Optional<Class<?>>>() {
    @Override
    protected Optional<Class<?>> computeValue(Class<?> streamResponseClass) {
      try {
        return Optional.of(Class.forName(HANDLER, false, streamResponseClass.getClassLoader()));
      } catch (ClassNotFoundException | LinkageError e) {
        return Optional.empty();
      }
    }
  };

  private final GenAiRecorder recorder;

  AnthropicTracker(GenAiRecorder recorder, InstrumentationErrors errors) {
    super(errors, INSTRUMENTATION);
    this.recorder = recorder;
  }

  static Kind kindOf(String origin) {
    if (origin == null) {
      return null;
    }
    boolean async;
    if (origin.startsWith(MESSAGES_BLOCKING + ".") || origin.startsWith(BETA_MESSAGES_BLOCKING + ".")) {
      async = false;
    } else if (origin.startsWith(MESSAGES_ASYNC + ".") || origin.startsWith(BETA_MESSAGES_ASYNC + ".")) {
      async = true;
    } else {
      return null;
    }
    if (origin.endsWith(".createStreaming")) {
      return Kind.CREATE_STREAMING;
    }
    return origin.endsWith(".create") ? (async ? Kind.CREATE_ASYNC : Kind.CREATE) : null;
  }

  @Override
  public Object enter(Object params, String origin) {
    try {
      Kind kind = kindOf(origin);
      if (kind == null) {
        return null;
      }
      GenAiCall call = recorder.start(Names.GEN_AI_OPERATION_CHAT, Names.GEN_AI_PROVIDER_ANTHROPIC,
          Getters.string(params, "model"), kind.style == Style.STREAMING);
      if (recorder.captureContent()) {
        call.inputContent(AnthropicModels.inputText(params));
      }
      return pending(call, kind.style, kind.reader);
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return null;
    }
  }

  @Override
  public Object subscribe(Object asyncStreamResponse, Object handler) {
    try {
      GenAiTracker.Measured measured = measured(asyncStreamResponse);
      if (measured == null || isObserving(handler)) {
        return handler;
      }
      Class<?> type = HANDLER_TYPES.get(asyncStreamResponse.getClass()).orElse(null);
      if (type == null || !type.isInstance(handler)) {
        return handler;
      }
      return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new ObservingHandler(handler, measured, errors));
    } catch (Throwable t) {
      errors.report(INSTRUMENTATION, t);
      return handler;
    }
  }

  static boolean isObserving(Object handler) {
    return Proxy.isProxyClass(handler.getClass()) && Proxy.getInvocationHandler(handler) instanceof ObservingHandler;
  }

  /**
   * The application's {@code AsyncStreamResponse.Handler} behind a proxy of the same interface:
   * {@code onNext} shows the event to the call first, {@code onComplete} ends the call (with the
   * failure it carries) before the application's own runs.
   */
  static final class ObservingHandler implements InvocationHandler {
    private final Object delegate;
    private final GenAiTracker.Measured measured;
    private final InstrumentationErrors errors;

    ObservingHandler(Object delegate, GenAiTracker.Measured measured, InstrumentationErrors errors) {
      this.delegate = delegate;
      this.measured = measured;
      this.errors = errors;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (args != null && args.length == 1) {
        if ("onNext".equals(method.getName())) {
          measured.chunk(args[0]);
        } else if ("onComplete".equals(method.getName())) {
          completed(args[0]);
        }
      }
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private void completed(Object failure) {
      try {
        Object thrown = failure instanceof Optional ? ((Optional<?>) failure).orElse(null) : null;
        measured.call().end(thrown instanceof Throwable ? (Throwable) thrown : null);
      } catch (Throwable t) {
        errors.report(INSTRUMENTATION, t);
      }
    }
  }
}
